// dlib_export: turns dlib's serialized face models into the plain little-endian files that
// `crates/ecourt-face` reads, and records dlib's own results on test images so the Rust
// port can be checked number by number.
//
// Built and run by `scripts/prepare-models.sh` against Debian's `libdlib-dev` (19.24):
//
//   dlib_export resnet    dlib_face_recognition_resnet_model_v1.dat  face_resnet_v1.bin
//   dlib_export shape     shape_predictor_5_face_landmarks.dat       shape_predictor_5.bin
//   dlib_export shape     shape_predictor_68_face_landmarks.dat      shape_predictor_68.bin
//   dlib_export reference <resnet.dat> <shape.dat> <out-dir> <image.jpg>...
//   dlib_export landmarks <shape.dat> <out.tsv> <image.jpg>...
//
// All integers are u32 and all reals f32, little-endian (the tool refuses to run on a
// big-endian host). The formats are documented in `crates/ecourt-face/src/model.rs`
// (ResNet, "ECFRNET1") and `crates/ecourt-face/src/shape.rs` (shape predictor, "ECSHAPE1").
//
// The ResNet file is the network as a list of operations in forward order, written by
// walking dlib's own layer objects, so nothing about the architecture is re-typed here
// except the type needed to deserialize it (`anet_type`, from dlib's
// dnn_face_recognition_ex.cpp).

#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace dlib;

// ------------------------------------------------------------------------------------------
// The network type of dlib_face_recognition_resnet_model_v1.dat (dnn_face_recognition_ex.cpp).

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2,
    input_rgb_image_sized<150>>>>>>>>>>>>>;

// ------------------------------------------------------------------------------------------
// Little-endian writer.

class writer {
public:
    explicit writer(const std::string& path) : out(path, std::ios::binary) {
        if (!out) throw std::runtime_error("cannot create " + path);
    }
    void bytes(const char* s, size_t n) { out.write(s, n); }
    void u32(uint64_t v) {
        if (v > 0xffffffffull) throw std::runtime_error("value does not fit in u32");
        uint32_t x = static_cast<uint32_t>(v);
        out.write(reinterpret_cast<const char*>(&x), 4);
    }
    void f32(float v) { out.write(reinterpret_cast<const char*>(&v), 4); }
    void f32s(const float* p, size_t n) { out.write(reinterpret_cast<const char*>(p), 4 * n); }
    void finish() {
        out.flush();
        if (!out) throw std::runtime_error("write failed");
    }

private:
    std::ofstream out;
};

// ------------------------------------------------------------------------------------------
// ResNet export: one record per dlib layer, input first.

enum op_code : uint32_t {
    OP_INPUT = 0,
    OP_CONV = 1,
    OP_AFFINE = 2,
    OP_RELU = 3,
    OP_MAX_POOL = 4,
    OP_AVG_POOL = 5,
    OP_TAG = 6,
    OP_SKIP = 7,
    OP_ADD_PREV = 8,
    OP_FC_NO_BIAS = 9,
};

class export_visitor {
public:
    export_visitor(writer& w_, uint32_t& count_) : w(w_), count(count_) {}

    // The input layer (only input_rgb_image_sized is expected).
    template <size_t NR, size_t NC>
    void operator()(size_t, const input_rgb_image_sized<NR, NC>& l) {
        w.u32(OP_INPUT);
        w.u32(NR);
        w.u32(NC);
        w.f32(l.get_avg_red());
        w.f32(l.get_avg_green());
        w.f32(l.get_avg_blue());
        ++count;
    }

    // The loss layer: loss_metric has no parameters, its output is the fc layer's output.
    template <typename T, typename U>
    void operator()(size_t, const add_loss_layer<T, U>&) {}

    template <typename T, typename U, typename E>
    void operator()(size_t, const add_layer<T, U, E>& l) {
        details(l.layer_details());
        ++count;
    }

    template <unsigned long ID, typename U, typename E>
    void operator()(size_t, const add_tag_layer<ID, U, E>&) {
        w.u32(OP_TAG);
        w.u32(ID);
        ++count;
    }

    template <template <typename> class TAG, typename U>
    void operator()(size_t, const add_skip_layer<TAG, U>&) {
        w.u32(OP_SKIP);
        w.u32(tag_id<TAG>::id);
        ++count;
    }

private:
    template <long NF, long NR, long NC, int SY, int SX, int PY, int PX>
    void details(const con_<NF, NR, NC, SY, SX, PY, PX>& l) {
        const tensor& p = l.get_layer_params();
        if (l.bias_is_disabled()) throw std::runtime_error("con without bias is not supported");
        const size_t out_k = l.num_filters();
        const size_t per_filter = (p.size() - out_k) / out_k;
        const size_t in_k = per_filter / (l.nr() * l.nc());
        if (in_k * l.nr() * l.nc() * out_k + out_k != p.size())
            throw std::runtime_error("unexpected con parameter size");
        w.u32(OP_CONV);
        w.u32(out_k);
        w.u32(in_k);
        w.u32(l.nr());
        w.u32(l.nc());
        w.u32(l.stride_y());
        w.u32(l.stride_x());
        w.u32(l.padding_y());
        w.u32(l.padding_x());
        // dlib keeps the filters as [out_k][in_k][nr][nc] followed by the out_k biases.
        w.f32s(p.host(), p.size());
    }

    void details(const affine_& l) {
        // affine_::get_layer_params() answers an empty tensor (the layer is not trainable),
        // so read the parameters back through dlib's own serialization, in the order of
        // serialize(const affine_&): version, params, gamma alias, beta alias, mode, disabled.
        std::stringstream ss;
        serialize(l, ss);
        std::string version;
        resizable_tensor params;
        alias_tensor gamma, beta;
        int mode = 0;
        bool disabled = false;
        deserialize(version, ss);
        deserialize(params, ss);
        deserialize(gamma, ss);
        deserialize(beta, ss);
        deserialize(mode, ss);
        deserialize(disabled, ss);
        if (version != "affine_2") throw std::runtime_error("unexpected affine version " + version);
        if (mode != CONV_MODE) throw std::runtime_error("only per-channel (CONV_MODE) affine layers are supported");
        if (disabled) throw std::runtime_error("disabled affine layers are not supported");
        // params = [gamma (one per channel)..., beta (one per channel)...]
        if (gamma.size() != beta.size() || params.size() != gamma.size() + beta.size())
            throw std::runtime_error("unexpected affine parameter size");
        w.u32(OP_AFFINE);
        w.u32(gamma.size());
        w.f32s(params.host(), params.size());
    }

    void details(const relu_&) { w.u32(OP_RELU); }

    template <long NR, long NC, int SY, int SX, int PY, int PX>
    void details(const max_pool_<NR, NC, SY, SX, PY, PX>& l) {
        pool(OP_MAX_POOL, l.nr(), l.nc(), l.stride_y(), l.stride_x(), l.padding_y(), l.padding_x());
    }

    template <long NR, long NC, int SY, int SX, int PY, int PX>
    void details(const avg_pool_<NR, NC, SY, SX, PY, PX>& l) {
        pool(OP_AVG_POOL, l.nr(), l.nc(), l.stride_y(), l.stride_x(), l.padding_y(), l.padding_x());
    }

    template <template <typename> class TAG>
    void details(const add_prev_<TAG>&) {
        w.u32(OP_ADD_PREV);
        w.u32(tag_id<TAG>::id);
    }

    template <unsigned long N>
    void details(const fc_<N, FC_NO_BIAS>& l) {
        const tensor& p = l.get_layer_params();
        const size_t out = l.get_num_outputs();
        w.u32(OP_FC_NO_BIAS);
        w.u32(p.size() / out);
        w.u32(out);
        // dlib computes output = input * W with W stored row-major as [inputs][outputs].
        w.f32s(p.host(), p.size());
    }

    void pool(uint32_t op, long nr, long nc, long sy, long sx, long py, long px) {
        w.u32(op);
        w.u32(nr);  // 0 means "the whole input" (avg_pool_everything)
        w.u32(nc);
        w.u32(sy);
        w.u32(sx);
        w.u32(py);
        w.u32(px);
    }

    writer& w;
    uint32_t& count;
};

static void export_resnet(const std::string& dat, const std::string& out_path) {
    anet_type net;
    deserialize(dat) >> net;

    // First pass counts the operations, second writes them; the count goes in the header.
    uint32_t count = 0;
    {
        writer scratch("/dev/null");
        visit_layers_backwards(net, export_visitor(scratch, count));
    }
    writer w(out_path);
    w.bytes("ECFRNET1", 8);
    w.u32(count);
    uint32_t written = 0;
    visit_layers_backwards(net, export_visitor(w, written));
    w.finish();
    if (written != count) throw std::runtime_error("layer count changed between passes");
    std::cout << "resnet: " << count << " operations written to " << out_path << "\n";
}

// ------------------------------------------------------------------------------------------
// Shape predictor export. dlib's shape_predictor keeps its members private, so the file is
// read field by field in the order of dlib::deserialize(shape_predictor&).

static void export_shape(const std::string& dat, const std::string& out_path) {
    std::ifstream in(dat, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + dat);
    int version = 0;
    matrix<float, 0, 1> initial_shape;
    std::vector<std::vector<impl::regression_tree>> forests;
    std::vector<std::vector<unsigned long>> anchor_idx;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
    deserialize(version, in);
    if (version != 1) throw std::runtime_error("unexpected shape_predictor version");
    deserialize(initial_shape, in);
    deserialize(forests, in);
    deserialize(anchor_idx, in);
    deserialize(deltas, in);
    if (forests.size() != anchor_idx.size() || forests.size() != deltas.size())
        throw std::runtime_error("inconsistent shape predictor");

    writer w(out_path);
    w.bytes("ECSHAPE1", 8);
    const size_t parts = initial_shape.size() / 2;
    w.u32(parts);
    w.f32s(&initial_shape(0), initial_shape.size());
    w.u32(forests.size());
    for (size_t c = 0; c < forests.size(); ++c) {
        if (anchor_idx[c].size() != deltas[c].size()) throw std::runtime_error("bad cascade");
        w.u32(anchor_idx[c].size());
        for (size_t i = 0; i < anchor_idx[c].size(); ++i) {
            w.u32(anchor_idx[c][i]);
            w.f32(deltas[c][i].x());
            w.f32(deltas[c][i].y());
        }
        w.u32(forests[c].size());
        for (const auto& tree : forests[c]) {
            if (tree.leaf_values.size() != tree.splits.size() + 1) throw std::runtime_error("bad tree");
            w.u32(tree.splits.size());
            for (const auto& s : tree.splits) {
                w.u32(s.idx1);
                w.u32(s.idx2);
                w.f32(s.thresh);
            }
            for (const auto& leaf : tree.leaf_values) {
                if (static_cast<size_t>(leaf.size()) != 2 * parts) throw std::runtime_error("bad leaf");
                w.f32s(&leaf(0), leaf.size());
            }
        }
    }
    w.finish();
    std::cout << "shape: " << parts << " parts, " << forests.size() << " cascades of "
              << (forests.empty() ? 0 : forests[0].size()) << " trees written to " << out_path << "\n";
}

// ------------------------------------------------------------------------------------------
// Reference results: for every image, the decoded pixels (so the Rust side does not depend
// on matching libjpeg's decoder), and for every face dlib's HOG detection, its 5 landmarks,
// the 150x150 chip and the 128-d descriptor.
//
// Each image is followed by "<name>_zoom", an enlarged crop around its first face (see
// reference()). <out-dir>/reference.tsv, one line per image then one per face:
//   image  <name>  <width>  <height>  <name>.rgb
//   face   <name>  <index>  <left> <top> <right> <bottom>  <x0> <y0> ... <x4> <y4>
//          <chip-file>  <d0> ... <d127>
// Raw RGB files are rows top to bottom, 3 bytes per pixel.

static void write_rgb(const matrix<rgb_pixel>& img, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    for (long r = 0; r < img.nr(); ++r)
        for (long c = 0; c < img.nc(); ++c) {
            const rgb_pixel& p = img(r, c);
            const char px[3] = {char(p.red), char(p.green), char(p.blue)};
            out.write(px, 3);
        }
    if (!out) throw std::runtime_error("cannot write " + path);
}

static std::string base_name(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    return name.substr(0, name.find_last_of('.'));
}

// Records one image: its pixels, then every face dlib finds in it.
static void reference_image(const matrix<rgb_pixel>& img, const std::string& name, const std::string& out_dir,
                            std::ofstream& tsv, anet_type& net, const shape_predictor& sp,
                            frontal_face_detector& detector, std::vector<rectangle>& dets) {
    write_rgb(img, out_dir + "/" + name + ".rgb");
    tsv << "image\t" << name << "\t" << img.nc() << "\t" << img.nr() << "\t" << name << ".rgb\n";

    dets = detector(img);
    for (size_t i = 0; i < dets.size(); ++i) {
        const rectangle& r = dets[i];
        full_object_detection shape = sp(img, r);
        matrix<rgb_pixel> chip;
        extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
        const std::string chip_file = name + "_" + std::to_string(i) + ".chip.rgb";
        write_rgb(chip, out_dir + "/" + chip_file);
        matrix<float, 0, 1> d = net(chip);

        tsv << "face\t" << name << "\t" << i << "\t" << r.left() << "\t" << r.top() << "\t"
            << r.right() << "\t" << r.bottom();
        for (unsigned long k = 0; k < shape.num_parts(); ++k)
            tsv << "\t" << shape.part(k).x() << "\t" << shape.part(k).y();
        tsv << "\t" << chip_file;
        for (long k = 0; k < d.size(); ++k) tsv << "\t" << d(k);
        tsv << "\n";
    }
    std::cout << "reference: " << name << ": " << dets.size() << " faces\n";
}

static void reference(const std::string& resnet_dat, const std::string& shape_dat,
                      const std::string& out_dir, const std::vector<std::string>& images) {
    anet_type net;
    deserialize(resnet_dat) >> net;
    shape_predictor sp;
    deserialize(shape_dat) >> sp;
    frontal_face_detector detector = get_frontal_face_detector();

    std::ofstream tsv(out_dir + "/reference.tsv");
    tsv.precision(9);
    for (const auto& path : images) {
        matrix<rgb_pixel> img;
        load_image(img, path);
        const std::string name = base_name(path);
        std::vector<rectangle> dets;
        reference_image(img, name, out_dir, tsv, net, sp, detector, dets);

        // The demo faces are small enough that dlib samples their chips straight from the
        // photo. To also exercise the image-pyramid path of extract_image_chip (taken when
        // the chip's rectangle is over about 300 px), record a 2.5x enlargement (bilinear) of
        // the square of twice the first face's size around it.
        if (!dets.empty()) {
            const rectangle crop = centered_rect(dets[0], 2 * dets[0].width(), 2 * dets[0].height())
                                       .intersect(get_rect(img));
            matrix<rgb_pixel> zoom(std::lround(crop.height() * 2.5), std::lround(crop.width() * 2.5));
            const matrix<rgb_pixel> part = subm(img, crop);
            resize_image(part, zoom);
            std::vector<rectangle> zoom_dets;
            reference_image(zoom, name + "_zoom", out_dir, tsv, net, sp, detector, zoom_dets);
        }
    }
    if (!tsv) throw std::runtime_error("cannot write reference.tsv");
}

// Landmark reference: for every face dlib's HOG detector finds in the given images, the
// landmarks of any shape predictor (used for the 68-point model, whose eyelids and jaw line the
// liveness check reads). <out.tsv>, one line per face:
//   face  <name>  <index>  <left> <top> <right> <bottom>  <x0> <y0> ... <x(P-1)> <y(P-1)>
// The images must also be in the reference folder as <name>.rgb (see reference()).

static void landmarks(const std::string& shape_dat, const std::string& out_tsv,
                      const std::vector<std::string>& images) {
    shape_predictor sp;
    deserialize(shape_dat) >> sp;
    frontal_face_detector detector = get_frontal_face_detector();
    std::ofstream tsv(out_tsv);
    for (const auto& path : images) {
        matrix<rgb_pixel> img;
        load_image(img, path);
        const std::string name = base_name(path);
        const std::vector<rectangle> dets = detector(img);
        for (size_t i = 0; i < dets.size(); ++i) {
            const rectangle& r = dets[i];
            const full_object_detection shape = sp(img, r);
            tsv << "face\t" << name << "\t" << i << "\t" << r.left() << "\t" << r.top() << "\t"
                << r.right() << "\t" << r.bottom();
            for (unsigned long k = 0; k < shape.num_parts(); ++k)
                tsv << "\t" << shape.part(k).x() << "\t" << shape.part(k).y();
            tsv << "\n";
        }
        std::cout << "landmarks: " << name << ": " << dets.size() << " faces\n";
    }
    if (!tsv) throw std::runtime_error("cannot write " + out_tsv);
}

// ------------------------------------------------------------------------------------------

int main(int argc, char** argv) {
    try {
        const uint32_t probe = 1;
        if (*reinterpret_cast<const unsigned char*>(&probe) != 1)
            throw std::runtime_error("this tool writes host-order floats and needs a little-endian host");
        const std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "resnet" && argc == 4) {
            export_resnet(argv[2], argv[3]);
        } else if (cmd == "shape" && argc == 4) {
            export_shape(argv[2], argv[3]);
        } else if (cmd == "reference" && argc >= 6) {
            reference(argv[2], argv[3], argv[4], std::vector<std::string>(argv + 5, argv + argc));
        } else if (cmd == "landmarks" && argc >= 5) {
            landmarks(argv[2], argv[3], std::vector<std::string>(argv + 4, argv + argc));
        } else {
            std::cerr << "usage:\n"
                         "  dlib_export resnet <resnet.dat> <out.bin>\n"
                         "  dlib_export shape <shape_predictor.dat> <out.bin>\n"
                         "  dlib_export reference <resnet.dat> <shape.dat> <out-dir> <image>...\n"
                         "  dlib_export landmarks <shape.dat> <out.tsv> <image>...\n";
            return 2;
        }
    } catch (const std::exception& e) {
        std::cerr << "dlib_export: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
