//! dlib's face recognition ResNet (`dlib_face_recognition_resnet_model_v1`), run in pure Rust.
//!
//! # File format ("ECFRNET1", written by `tools/models/dlib_export.cpp`)
//!
//! Little-endian; `u32` integers, `f32` reals. The 8 magic bytes `ECFRNET1`, a `u32` count of
//! operations, then the operations in forward order (the order dlib's layers run in), each a
//! `u32` code followed by its fields:
//!
//! | code | op | fields |
//! |---|---|---|
//! | 0 | input | rows, cols, mean red, mean green, mean blue (f32); tensor = (pixel − mean) / 256 |
//! | 1 | conv | out_k, in_k, nr, nc, stride_y, stride_x, pad_y, pad_x, weights `[out_k][in_k][nr][nc]`, bias `[out_k]` |
//! | 2 | affine | k, gamma `[k]`, beta `[k]` (per channel: gamma·x + beta) |
//! | 3 | relu | — |
//! | 4 | max pool | nr, nc, stride_y, stride_x, pad_y, pad_x (nr = nc = 0: whole input) |
//! | 5 | avg pool | same as max pool |
//! | 6 | tag | id: remember the current tensor under id |
//! | 7 | skip | id: the current tensor becomes the one remembered under id |
//! | 8 | add prev | id: current + remembered, zero-padded to the larger size in every dimension |
//! | 9 | fc without bias | inputs, outputs, W `[inputs][outputs]` (output = input · W) |
//!
//! Semantics follow dlib 19.24 (`dlib/dnn/layers.h`, `input.h`): convolutions are
//! cross-correlations with output size `1 + (n + 2·pad − k) / stride`; pooling windows start at
//! `out·stride − pad` and are clipped to the input; `add_prev` of tensors of different shapes
//! (e.g. 64×3×3 + 32×4×4 in the last levels of this network) treats missing entries as zero.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

use crate::{Error, FaceDescriptor, DESCRIPTOR_LEN};

/// The side of the square RGB chip the network takes.
pub const CHIP_SIZE: usize = 150;

const MAGIC: &[u8; 8] = b"ECFRNET1";

/// A tensor of one sample: `k` channels of `h` × `w`, channel-major (dlib's layout).
#[derive(Clone, Debug)]
struct Tensor {
    k: usize,
    h: usize,
    w: usize,
    data: Vec<f32>,
}

impl Tensor {
    fn zeros(k: usize, h: usize, w: usize) -> Self {
        Tensor {
            k,
            h,
            w,
            data: vec![0.0; k * h * w],
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Window {
    nr: usize,
    nc: usize,
    stride_y: usize,
    stride_x: usize,
    pad_y: usize,
    pad_x: usize,
}

#[derive(Debug)]
enum Op {
    Input {
        rows: usize,
        cols: usize,
        mean: [f32; 3],
    },
    Conv {
        out_k: usize,
        in_k: usize,
        win: Window,
        weights: Vec<f32>,
        bias: Vec<f32>,
    },
    Affine {
        gamma: Vec<f32>,
        beta: Vec<f32>,
    },
    Relu,
    MaxPool(Window),
    AvgPool(Window),
    Tag(u32),
    Skip(u32),
    AddPrev(u32),
    FcNoBias {
        inputs: usize,
        outputs: usize,
        weights: Vec<f32>,
    },
}

/// The face recognition network, loaded from an "ECFRNET1" file.
#[derive(Debug)]
pub struct FaceNet {
    ops: Vec<Op>,
    rows: usize,
    cols: usize,
}

/// Reads little-endian values from a byte slice, failing cleanly on truncation.
pub(crate) struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        ByteReader { bytes, pos: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| Error::Format(format!("truncated at byte {}", self.pos)))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn usize(&mut self) -> Result<usize, Error> {
        Ok(self.u32()? as usize)
    }

    pub(crate) fn f32(&mut self) -> Result<f32, Error> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn f32s(&mut self, n: usize) -> Result<Vec<f32>, Error> {
        let len = n
            .checked_mul(4)
            .ok_or_else(|| Error::Format("size overflow".into()))?;
        let b = self.take(len)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// Reads `dims.product()` reals, refusing sizes that overflow.
    pub(crate) fn f32s_of(&mut self, dims: &[usize]) -> Result<Vec<f32>, Error> {
        let n = dims
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| Error::Format("size overflow".into()))?;
        self.f32s(n)
    }

    fn window(&mut self) -> Result<Window, Error> {
        Ok(Window {
            nr: self.usize()?,
            nc: self.usize()?,
            stride_y: self.usize()?,
            stride_x: self.usize()?,
            pad_y: self.usize()?,
            pad_x: self.usize()?,
        })
    }

    pub(crate) fn magic(&mut self, magic: &[u8; 8]) -> Result<(), Error> {
        if self.take(8)? != magic {
            return Err(Error::Format(format!(
                "not a {} file",
                String::from_utf8_lossy(magic)
            )));
        }
        Ok(())
    }

    pub(crate) fn end(&self) -> Result<(), Error> {
        if self.pos != self.bytes.len() {
            return Err(Error::Format(format!(
                "{} trailing bytes",
                self.bytes.len() - self.pos
            )));
        }
        Ok(())
    }
}

impl FaceNet {
    /// Parses an "ECFRNET1" file (see the module documentation).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = ByteReader::new(bytes);
        r.magic(MAGIC)?;
        let count = r.usize()?;
        let mut ops = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let code = r.u32()?;
            let op = match code {
                0 => {
                    let rows = r.usize()?;
                    let cols = r.usize()?;
                    Op::Input {
                        rows,
                        cols,
                        mean: [r.f32()?, r.f32()?, r.f32()?],
                    }
                }
                1 => {
                    let out_k = r.usize()?;
                    let in_k = r.usize()?;
                    let win = r.window()?;
                    if win.nr == 0 || win.nc == 0 || win.stride_y == 0 || win.stride_x == 0 {
                        return Err(Error::Format(
                            "conv with an empty filter or zero stride".into(),
                        ));
                    }
                    let weights = r.f32s_of(&[out_k, in_k, win.nr, win.nc])?;
                    let bias = r.f32s(out_k)?;
                    Op::Conv {
                        out_k,
                        in_k,
                        win,
                        weights,
                        bias,
                    }
                }
                2 => {
                    let k = r.usize()?;
                    Op::Affine {
                        gamma: r.f32s(k)?,
                        beta: r.f32s(k)?,
                    }
                }
                3 => Op::Relu,
                4 | 5 => {
                    let win = r.window()?;
                    if win.stride_y == 0 || win.stride_x == 0 {
                        return Err(Error::Format("pooling with zero stride".into()));
                    }
                    if code == 4 {
                        Op::MaxPool(win)
                    } else {
                        Op::AvgPool(win)
                    }
                }
                6 => Op::Tag(r.u32()?),
                7 => Op::Skip(r.u32()?),
                8 => Op::AddPrev(r.u32()?),
                9 => {
                    let inputs = r.usize()?;
                    let outputs = r.usize()?;
                    Op::FcNoBias {
                        inputs,
                        outputs,
                        weights: r.f32s_of(&[inputs, outputs])?,
                    }
                }
                other => return Err(Error::Format(format!("unknown operation {other}"))),
            };
            ops.push(op);
        }
        r.end()?;
        let (rows, cols) = match ops.first() {
            Some(Op::Input { rows, cols, .. }) => (*rows, *cols),
            _ => {
                return Err(Error::Format(
                    "the first operation must be the input".into(),
                ))
            }
        };
        match ops.last() {
            Some(Op::FcNoBias { outputs, .. }) if *outputs == DESCRIPTOR_LEN => {}
            _ => {
                return Err(Error::Format(
                    "the last operation must be a 128-output fc".into(),
                ))
            }
        }
        Ok(FaceNet { ops, rows, cols })
    }

    /// Reads an "ECFRNET1" file.
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io(path.display().to_string(), e))?;
        Self::from_bytes(&bytes)
    }

    /// The chip size the network expects, (rows, cols).
    pub fn input_size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Runs the network on an aligned face chip (RGB, 3 bytes a pixel, rows top to bottom, as
    /// made by [`crate::extract_face_chip`]) and answers the 128-d descriptor, exactly as
    /// dlib's `anet_type` would (no jittering).
    pub fn descriptor(&self, chip_rgb: &[u8]) -> Result<FaceDescriptor, Error> {
        if chip_rgb.len() != self.rows * self.cols * 3 {
            return Err(Error::Input(format!(
                "chip must be {}×{} RGB ({} bytes), got {} bytes",
                self.cols,
                self.rows,
                self.rows * self.cols * 3,
                chip_rgb.len()
            )));
        }
        let mut cur = Tensor::zeros(0, 0, 0);
        // Tagged tensors, most recent last; a later tag with the same id hides an earlier one,
        // as dlib's layer<tag>() finds the nearest tag below.
        let mut tags: Vec<(u32, Tensor)> = Vec::new();
        for op in &self.ops {
            cur = match op {
                Op::Input { rows, cols, mean } => input(chip_rgb, *rows, *cols, mean),
                Op::Conv {
                    out_k,
                    in_k,
                    win,
                    weights,
                    bias,
                } => conv(&cur, *out_k, *in_k, win, weights, bias)?,
                Op::Affine { gamma, beta } => {
                    if gamma.len() != cur.k {
                        return Err(Error::Format("affine channel count mismatch".into()));
                    }
                    affine(cur, gamma, beta)
                }
                Op::Relu => {
                    let mut t = cur;
                    t.data.iter_mut().for_each(|v| *v = v.max(0.0));
                    t
                }
                Op::MaxPool(win) => pool(&cur, win, true),
                Op::AvgPool(win) => pool(&cur, win, false),
                Op::Tag(id) => {
                    tags.push((*id, cur.clone()));
                    cur
                }
                Op::Skip(id) => find_tag(&tags, *id)?.clone(),
                Op::AddPrev(id) => add_padded(&cur, find_tag(&tags, *id)?),
                Op::FcNoBias {
                    inputs,
                    outputs,
                    weights,
                } => {
                    if cur.data.len() != *inputs {
                        return Err(Error::Format("fc input size mismatch".into()));
                    }
                    let mut out = vec![0.0f32; *outputs];
                    for (x, row) in cur.data.iter().zip(weights.chunks_exact(*outputs)) {
                        for (o, w) in out.iter_mut().zip(row) {
                            *o += x * w;
                        }
                    }
                    Tensor {
                        k: *outputs,
                        h: 1,
                        w: 1,
                        data: out,
                    }
                }
            };
        }
        let mut d = [0.0f32; DESCRIPTOR_LEN];
        d.copy_from_slice(&cur.data);
        Ok(FaceDescriptor(d))
    }
}

fn find_tag(tags: &[(u32, Tensor)], id: u32) -> Result<&Tensor, Error> {
    tags.iter()
        .rev()
        .find(|(t, _)| *t == id)
        .map(|(_, t)| t)
        .ok_or_else(|| Error::Format(format!("no tag {id} before its use")))
}

/// dlib `input_rgb_image_sized`: channel-major planes of (value − mean) / 256.
fn input(rgb: &[u8], rows: usize, cols: usize, mean: &[f32; 3]) -> Tensor {
    let mut t = Tensor::zeros(3, rows, cols);
    let plane = rows * cols;
    for (i, px) in rgb.chunks_exact(3).enumerate() {
        for c in 0..3 {
            t.data[c * plane + i] = (f32::from(px[c]) - mean[c]) / 256.0;
        }
    }
    t
}

fn out_size(n: usize, k: usize, stride: usize, pad: usize) -> Result<usize, Error> {
    (n + 2 * pad)
        .checked_sub(k)
        .map(|v| 1 + v / stride)
        .ok_or_else(|| Error::Format(format!("window {k} larger than input {n}")))
}

/// Convolution as im2col followed by one matrix product (matrixmultiply through ndarray).
fn conv(
    x: &Tensor,
    out_k: usize,
    in_k: usize,
    win: &Window,
    weights: &[f32],
    bias: &[f32],
) -> Result<Tensor, Error> {
    if x.k != in_k {
        return Err(Error::Format(format!(
            "conv expects {in_k} channels, got {}",
            x.k
        )));
    }
    let oh = out_size(x.h, win.nr, win.stride_y, win.pad_y)?;
    let ow = out_size(x.w, win.nc, win.stride_x, win.pad_x)?;
    let rows = in_k * win.nr * win.nc;
    let n = oh * ow;
    // cols[(c, ki, kj)][(oy, ox)] = x[c][oy·s + ki − pad][ox·s + kj − pad], zero outside.
    let mut cols = vec![0.0f32; rows * n];
    for c in 0..in_k {
        let plane = &x.data[c * x.h * x.w..(c + 1) * x.h * x.w];
        for ki in 0..win.nr {
            for kj in 0..win.nc {
                let row = (c * win.nr + ki) * win.nc + kj;
                let dst = &mut cols[row * n..(row + 1) * n];
                for oy in 0..oh {
                    let iy = (oy * win.stride_y + ki) as isize - win.pad_y as isize;
                    if iy < 0 || iy >= x.h as isize {
                        continue;
                    }
                    let src = &plane[iy as usize * x.w..(iy as usize + 1) * x.w];
                    for ox in 0..ow {
                        let ix = (ox * win.stride_x + kj) as isize - win.pad_x as isize;
                        if ix >= 0 && (ix as usize) < x.w {
                            dst[oy * ow + ox] = src[ix as usize];
                        }
                    }
                }
            }
        }
    }
    let mut out = Tensor::zeros(out_k, oh, ow);
    // Start from the bias and accumulate W · cols onto it.
    for (o, b) in out.data.chunks_exact_mut(n).zip(bias) {
        o.fill(*b);
    }
    let shape_err = |e: ndarray::ShapeError| Error::Format(e.to_string());
    let w = ArrayView2::from_shape((out_k, rows), weights).map_err(shape_err)?;
    let c = ArrayView2::from_shape((rows, n), &cols[..]).map_err(shape_err)?;
    let mut y = ArrayViewMut2::from_shape((out_k, n), &mut out.data[..]).map_err(shape_err)?;
    general_mat_mul(1.0, &w, &c, 1.0, &mut y);
    Ok(out)
}

fn affine(mut x: Tensor, gamma: &[f32], beta: &[f32]) -> Tensor {
    let plane = x.h * x.w;
    for ((ch, g), b) in x.data.chunks_exact_mut(plane).zip(gamma).zip(beta) {
        ch.iter_mut().for_each(|v| *v = *v * g + b);
    }
    x
}

/// Max or average pooling over windows clipped to the input (dlib `max_pool_`/`avg_pool_`);
/// a 0×0 window means the whole input (`*_pool_everything`).
fn pool(x: &Tensor, win: &Window, max: bool) -> Tensor {
    let (nr, nc) = if win.nr == 0 {
        (x.h, x.w)
    } else {
        (win.nr, win.nc)
    };
    let (py, px) = if win.nr == 0 {
        (0, 0)
    } else {
        (win.pad_y, win.pad_x)
    };
    let oh = 1 + (x.h + 2 * py).saturating_sub(nr) / win.stride_y;
    let ow = 1 + (x.w + 2 * px).saturating_sub(nc) / win.stride_x;
    let mut out = Tensor::zeros(x.k, oh, ow);
    for c in 0..x.k {
        let plane = &x.data[c * x.h * x.w..(c + 1) * x.h * x.w];
        for oy in 0..oh {
            let top = (oy * win.stride_y) as isize - py as isize;
            let y0 = top.max(0) as usize;
            let y1 = ((top + nr as isize) as usize).min(x.h);
            for ox in 0..ow {
                let left = (ox * win.stride_x) as isize - px as isize;
                let x0 = left.max(0) as usize;
                let x1 = ((left + nc as isize) as usize).min(x.w);
                let mut acc = if max { f32::NEG_INFINITY } else { 0.0 };
                for yy in y0..y1 {
                    for v in &plane[yy * x.w + x0..yy * x.w + x1] {
                        acc = if max { acc.max(*v) } else { acc + v };
                    }
                }
                let count = ((y1 - y0) * (x1 - x0)) as f32;
                out.data[(c * oh + oy) * ow + ox] = if max { acc } else { acc / count };
            }
        }
    }
    out
}

/// dlib `add_prev_`: the result has the larger size in every dimension and entries missing
/// from either input count as zero.
fn add_padded(a: &Tensor, b: &Tensor) -> Tensor {
    let (k, h, w) = (a.k.max(b.k), a.h.max(b.h), a.w.max(b.w));
    let mut out = Tensor::zeros(k, h, w);
    for t in [a, b] {
        for c in 0..t.k {
            for y in 0..t.h {
                let src = &t.data[(c * t.h + y) * t.w..(c * t.h + y + 1) * t.w];
                let dst = &mut out.data[(c * h + y) * w..(c * h + y) * w + t.w];
                dst.iter_mut().zip(src).for_each(|(d, s)| *d += s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(k: usize, h: usize, w: usize, data: Vec<f32>) -> Tensor {
        assert_eq!(data.len(), k * h * w);
        Tensor { k, h, w, data }
    }

    #[test]
    fn add_prev_pads_channels_and_space_with_zeros() {
        // 1×1×2 + 2×2×1: the result is 2×2×2, each input placed at the top-left.
        let a = t(1, 1, 2, vec![1.0, 2.0]);
        let b = t(2, 2, 1, vec![10.0, 20.0, 30.0, 40.0]);
        let s = add_padded(&a, &b);
        assert_eq!((s.k, s.h, s.w), (2, 2, 2));
        assert_eq!(s.data, vec![11.0, 2.0, 20.0, 0.0, 30.0, 0.0, 40.0, 0.0]);
    }

    #[test]
    fn conv_is_a_padded_cross_correlation() {
        // One 3×3 channel, one 2×2 filter [[1,2],[3,4]] with bias 0.5, stride 1, padding 1.
        let x = t(1, 3, 3, (1..=9).map(|v| v as f32).collect());
        let win = Window {
            nr: 2,
            nc: 2,
            stride_y: 1,
            stride_x: 1,
            pad_y: 1,
            pad_x: 1,
        };
        let y = conv(&x, 1, 1, &win, &[1.0, 2.0, 3.0, 4.0], &[0.5]).unwrap();
        assert_eq!((y.h, y.w), (4, 4));
        // Top-left output sees only x[0][0] under the filter's bottom-right tap.
        assert_eq!(y.data[0], 4.0 * 1.0 + 0.5);
        // Output (1,1) covers x[0..2][0..2] = [[1,2],[4,5]].
        assert_eq!(y.data[5], 1.0 + 2.0 * 2.0 + 3.0 * 4.0 + 4.0 * 5.0 + 0.5);
    }

    #[test]
    fn pooling_windows_start_at_stride_multiples() {
        let x = t(1, 3, 3, (1..=9).map(|v| v as f32).collect());
        let win = Window {
            nr: 2,
            nc: 2,
            stride_y: 2,
            stride_x: 2,
            pad_y: 0,
            pad_x: 0,
        };
        let avg = pool(&x, &win, false);
        assert_eq!((avg.h, avg.w, avg.data[0]), (1, 1, 3.0));
        let all = Window {
            nr: 0,
            nc: 0,
            stride_y: 1,
            stride_x: 1,
            pad_y: 0,
            pad_x: 0,
        };
        assert_eq!(pool(&x, &all, true).data, vec![9.0]);
        assert_eq!(pool(&x, &all, false).data, vec![5.0]);
    }

    #[test]
    fn refuses_foreign_or_truncated_files() {
        assert!(matches!(
            FaceNet::from_bytes(b"NOTMAGIC\0\0\0\0"),
            Err(Error::Format(_))
        ));
        assert!(matches!(
            FaceNet::from_bytes(b"ECFRNET1\x01\0"),
            Err(Error::Format(_))
        ));
        // One conv op claiming far more weights than there are bytes.
        let mut b = b"ECFRNET1".to_vec();
        for v in [1u32, 1, 64, 64, 3, 3, 1, 1, 1, 1] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        assert!(matches!(FaceNet::from_bytes(&b), Err(Error::Format(_))));
    }
}
