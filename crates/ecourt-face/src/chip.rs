//! The aligned face chip the network takes, as dlib makes it with
//! `extract_image_chip(img, get_face_chip_details(shape, 150, 0.25))`
//! (`dlib/image_transforms/interpolation.h`, `image_pyramid.h`, `geometry/drectangle.h`):
//!
//! - the 5 landmarks are fitted (least-squares similarity) to a fixed template, which gives an
//!   angle and a rectangle in the image;
//! - when that rectangle is much larger than the chip, the image around it is first halved
//!   with dlib's 5-tap `pyramid_down<2>` until one more halving would make it smaller than the
//!   chip, so that bilinear sampling does not alias;
//! - the chip is sampled bilinearly, black outside the image.
//!
//! Every step keeps dlib's arithmetic (double, truncation to bytes, integer pyramid) so that
//! the chip comes out as dlib's, up to rounding of the last bit in rare pixels.

use crate::shape::{round, similarity, Point};
use crate::{Error, RgbImage};

/// dlib `chip_details`: where the chip lies in the image (before rotation) and its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChipDetails {
    /// The unrotated rectangle (dlib `drectangle`: left, top, right, bottom).
    pub rect: DRect,
    /// Rotation about the rectangle's centre, radians.
    pub angle: f64,
    pub rows: usize,
    pub cols: usize,
}

/// dlib `drectangle`: real bounds; width = right − left + 1; empty when left > right or top > bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DRect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl DRect {
    const EMPTY: DRect = DRect {
        left: 0.0,
        top: 0.0,
        right: -1.0,
        bottom: -1.0,
    };

    fn is_empty(&self) -> bool {
        self.top > self.bottom || self.left > self.right
    }

    fn area(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            (self.right - self.left + 1.0) * (self.bottom - self.top + 1.0)
        }
    }

    fn center(&self) -> [f64; 2] {
        [
            (self.left + self.right) / 2.0,
            (self.top + self.bottom) / 2.0,
        ]
    }

    fn union_point(&self, p: [f64; 2]) -> DRect {
        if self.is_empty() {
            return DRect {
                left: p[0],
                top: p[1],
                right: p[0],
                bottom: p[1],
            };
        }
        DRect {
            left: self.left.min(p[0]),
            top: self.top.min(p[1]),
            right: self.right.max(p[0]),
            bottom: self.bottom.max(p[1]),
        }
    }

    /// `pyramid_down<2>::rect_down`: where the rectangle lands in the next pyramid level.
    fn down(&self) -> DRect {
        let d = |v: f64, off: f64| v / 2.0 - off;
        DRect {
            left: d(self.left, 1.25),
            top: d(self.top, 0.75),
            right: d(self.right, 1.25),
            bottom: d(self.bottom, 0.75),
        }
    }
}

/// dlib's face template for the 5-point model (eye corners, nose base), in a unit square.
const TEMPLATE_5: [[f64; 2]; 5] = [
    [0.8595674595992, 0.2134981538014],
    [0.6460604764104, 0.2289674387677],
    [0.1205750620789, 0.2137274526848],
    [0.3340850613712, 0.2290642403242],
    [0.4901123135679, 0.6277975316475],
];

/// dlib `get_face_chip_details(det, size, padding)` for 5 landmarks.
pub fn face_chip_details(parts: &[Point], size: usize, padding: f64) -> Result<ChipDetails, Error> {
    if parts.len() != 5 {
        return Err(Error::Input(format!(
            "need the 5 landmarks, got {}",
            parts.len()
        )));
    }
    if size == 0 || padding < 0.0 {
        return Err(Error::Input(
            "chip size must be positive and padding not negative".into(),
        ));
    }
    let mut from = Vec::with_capacity(10);
    let mut to = Vec::with_capacity(10);
    for (t, p) in TEMPLATE_5.iter().zip(parts) {
        from.push((padding + t[0]) / (2.0 * padding + 1.0) * size as f64);
        from.push((padding + t[1]) / (2.0 * padding + 1.0) * size as f64);
        to.push(p.x as f64);
        to.push(p.y as f64);
    }
    // chip_details(chip_points, img_points, dims): scale and angle from the similarity
    // transform, the rectangle centred on the chip centre's image position.
    let tf = similarity(&from, &to);
    let (px, py) = (tf.m[0][0], tf.m[1][0]);
    let angle = py.atan2(px);
    let scale = (px * px + py * py).sqrt();
    let c = (size / 2) as f64;
    let centre = [
        tf.m[0][0] * c + tf.m[0][1] * c + tf.t[0],
        tf.m[1][0] * c + tf.m[1][1] * c + tf.t[1],
    ];
    // centered_drect(p, w, h) subtracts one from w and h first.
    let (w, h) = (size as f64 * scale - 1.0, size as f64 * scale - 1.0);
    let rect = DRect {
        left: centre[0] - w / 2.0,
        top: centre[1] - h / 2.0,
        right: centre[0] + w / 2.0,
        bottom: centre[1] + h / 2.0,
    };
    Ok(ChipDetails {
        rect,
        angle,
        rows: size,
        cols: size,
    })
}

/// An owned RGB image (3 bytes a pixel, row-major), for pyramid levels.
struct Owned {
    width: usize,
    height: usize,
    data: Vec<u8>,
}

impl Owned {
    fn view(&self) -> RgbImage<'_> {
        RgbImage {
            width: self.width,
            height: self.height,
            data: &self.data,
        }
    }
}

/// dlib `extract_image_chip(img, details, chip)` with bilinear interpolation; answers
/// `rows × cols` RGB bytes.
pub fn extract_face_chip(img: &RgbImage<'_>, d: &ChipDetails) -> Result<Vec<u8>, Error> {
    if d.rows == 0 || d.cols == 0 || d.rect.is_empty() {
        return Err(Error::Input("empty chip".into()));
    }
    let size = (d.rows * d.cols) as f64;
    if d.angle == 0.0
        && d.rows as f64 == d.rect.bottom - d.rect.top + 1.0
        && d.cols as f64 == d.rect.right - d.rect.left + 1.0
    {
        return Ok(copy_chip(img, d));
    }

    // How many pyramid levels the chip needs, and how much of the image around the rotated
    // rectangle to keep (2 px of border per level, doubled at every level).
    let mut depth = 0usize;
    let mut grow = 2.0f64;
    let mut r = d.rect.down();
    while r.area() > size {
        r = r.down();
        depth += 1;
        grow = grow * 2.0 + 2.0;
    }
    let centre = d.rect.center();
    let corners = [
        [d.rect.left, d.rect.top],
        [d.rect.right, d.rect.top],
        [d.rect.left, d.rect.bottom],
        [d.rect.right, d.rect.bottom],
    ];
    let mut rot = DRect::EMPTY;
    for c in corners {
        rot = rot.union_point(rotate(centre, c, d.angle));
    }
    // grow_rect, intersect with the image, then dlib's drectangle → rectangle rounding.
    let bb = [
        round((rot.left - grow).max(0.0)),
        round((rot.top - grow).max(0.0)),
        round((rot.right + grow).min(img.width as f64 - 1.0)),
        round((rot.bottom + grow).min(img.height as f64 - 1.0)),
    ];
    if bb[0] > bb[2] || bb[1] > bb[3] {
        // The chip lies wholly outside the image: dlib answers an all-black chip.
        return Ok(vec![0; d.rows * d.cols * 3]);
    }
    let (bx, by) = (bb[0] as usize, bb[1] as usize);
    let (bw, bh) = ((bb[2] - bb[0] + 1) as usize, (bb[3] - bb[1] + 1) as usize);
    let crop = crop(img, bx, by, bw, bh);

    let mut levels: Vec<Owned> = Vec::with_capacity(depth);
    for i in 0..depth {
        let next = pyramid_down(if i == 0 { &crop } else { &levels[i - 1] });
        levels.push(next);
    }

    // The chip's rectangle in the chosen level.
    let mut rect = DRect {
        left: d.rect.left - bx as f64,
        top: d.rect.top - by as f64,
        right: d.rect.right - bx as f64,
        bottom: d.rect.bottom - by as f64,
    };
    let mut level: Option<usize> = None;
    while rect.down().area() > size {
        level = Some(level.map_or(0, |l| l + 1));
        rect = rect.down();
    }
    let src = match level {
        None => crop.view(),
        Some(l) => levels
            .get(l)
            .map(Owned::view)
            .ok_or_else(|| Error::Input("pyramid level".into()))?,
    };

    // Chip corners (0,0), (cols−1,0), (0,rows−1) go to the rotated corners of `rect`.
    let c = rect.center();
    let tl = rotate(c, [rect.left, rect.top], d.angle);
    let tr = rotate(c, [rect.right, rect.top], d.angle);
    let bl = rotate(c, [rect.left, rect.bottom], d.angle);
    let (cx, cy) = ((d.cols - 1).max(1) as f64, (d.rows - 1).max(1) as f64);
    let ux = [(tr[0] - tl[0]) / cx, (tr[1] - tl[1]) / cx];
    let uy = [(bl[0] - tl[0]) / cy, (bl[1] - tl[1]) / cy];

    let mut chip = vec![0u8; d.rows * d.cols * 3];
    for row in 0..d.rows {
        for col in 0..d.cols {
            let (fc, fr) = (col as f64, row as f64);
            let x = ux[0] * fc + uy[0] * fr + tl[0];
            let y = ux[1] * fc + uy[1] * fr + tl[1];
            if let Some(px) = bilinear(&src, x, y) {
                chip[(row * d.cols + col) * 3..][..3].copy_from_slice(&px);
            }
        }
    }
    Ok(chip)
}

/// `rotate_point(center, p, angle)`.
fn rotate(center: [f64; 2], p: [f64; 2], angle: f64) -> [f64; 2] {
    let (s, c) = (angle.sin(), angle.cos());
    let (x, y) = (p[0] - center[0], p[1] - center[1]);
    [c * x - s * y + center[0], s * x + c * y + center[1]]
}

/// dlib `interpolate_bilinear` on an RGB image: `None` when a neighbour is outside.
fn bilinear(img: &RgbImage<'_>, x: f64, y: f64) -> Option<[u8; 3]> {
    let (left, top) = (x.floor(), y.floor());
    if !(left >= 0.0
        && top >= 0.0
        && left + 1.0 < img.width as f64
        && top + 1.0 < img.height as f64)
    {
        return None;
    }
    let (l, t) = (left as usize, top as usize);
    let lr = x - left;
    let tb = y - top;
    let (ptl, ptr, pbl, pbr) = (
        img.pixel(l, t),
        img.pixel(l + 1, t),
        img.pixel(l, t + 1),
        img.pixel(l + 1, t + 1),
    );
    let mut out = [0u8; 3];
    for ch in 0..3 {
        let v = (1.0 - tb) * ((1.0 - lr) * f64::from(ptl[ch]) + lr * f64::from(ptr[ch]))
            + tb * ((1.0 - lr) * f64::from(pbl[ch]) + lr * f64::from(pbr[ch]));
        out[ch] = v as u8; // static_cast<unsigned char>: truncation
    }
    Some(out)
}

fn crop(img: &RgbImage<'_>, x: usize, y: usize, w: usize, h: usize) -> Owned {
    let mut data = Vec::with_capacity(w * h * 3);
    for row in y..y + h {
        let start = (row * img.width + x) * 3;
        data.extend_from_slice(&img.data[start..start + w * 3]);
    }
    Owned {
        width: w,
        height: h,
        data,
    }
}

/// dlib `pyramid_down<2>` for RGB: a [1 4 6 4 1] filter along rows (every second column),
/// then along columns (every second row), summed in 16 bits and divided by 256.
fn pyramid_down(src: &Owned) -> Owned {
    if src.width <= 8 || src.height <= 8 {
        return Owned {
            width: 0,
            height: 0,
            data: Vec::new(),
        };
    }
    let tw = (src.width - 3) / 2;
    let (ow, oh) = ((src.width - 3) / 2, (src.height - 3) / 2);
    let mut tmp = vec![0u16; src.height * tw * 3];
    for r in 0..src.height {
        let row = &src.data[r * src.width * 3..(r + 1) * src.width * 3];
        for c in 0..tw {
            let oc = 2 * c;
            for ch in 0..3 {
                let p = |i: usize| u16::from(row[(oc + i) * 3 + ch]);
                tmp[(r * tw + c) * 3 + ch] = p(0) + 4 * p(1) + 6 * p(2) + 4 * p(3) + p(4);
            }
        }
    }
    let mut data = vec![0u8; ow * oh * 3];
    for dr in 0..oh {
        let r = 2 + 2 * dr;
        for c in 0..ow {
            for ch in 0..3 {
                let t = |rr: usize| tmp[(rr * tw + c) * 3 + ch];
                let sum = t(r - 2) + 4 * t(r - 1) + 6 * t(r) + 4 * t(r + 1) + t(r + 2);
                data[(dr * ow + c) * 3 + ch] = (sum / 256) as u8;
            }
        }
    }
    Owned {
        width: ow,
        height: oh,
        data,
    }
}

/// dlib `basic_extract_image_chip`: an unscaled, unrotated copy, black outside the image.
fn copy_chip(img: &RgbImage<'_>, d: &ChipDetails) -> Vec<u8> {
    let (left, top) = (round(d.rect.left), round(d.rect.top));
    let mut chip = vec![0u8; d.rows * d.cols * 3];
    for row in 0..d.rows {
        for col in 0..d.cols {
            let (x, y) = (left + col as i64, top + row as i64);
            if x >= 0 && y >= 0 && (x as usize) < img.width && (y as usize) < img.height {
                chip[(row * d.cols + col) * 3..][..3]
                    .copy_from_slice(&img.pixel(x as usize, y as usize));
            }
        }
    }
    chip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyramid_down_halves_with_a_binomial_filter() {
        // A flat image stays flat (the 16×16 weights sum to 256) at dlib's size (n − 3) / 2.
        let src = Owned {
            width: 20,
            height: 11,
            data: vec![200; 20 * 11 * 3],
        };
        let down = pyramid_down(&src);
        assert_eq!((down.width, down.height), (8, 4));
        assert!(down.data.iter().all(|&v| v == 200));
    }

    #[test]
    fn bilinear_truncates_and_refuses_the_last_row_and_column() {
        let data = [0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255];
        let img = RgbImage {
            width: 2,
            height: 2,
            data: &data,
        };
        assert_eq!(bilinear(&img, 0.5, 0.0), Some([127; 3]));
        assert_eq!(bilinear(&img, 1.0, 0.0), None);
    }

    #[test]
    fn template_landmarks_give_an_upright_chip() {
        // Landmarks exactly on the template, scaled 2×: no rotation, a 300-px rectangle.
        let parts: Vec<Point> = TEMPLATE_5
            .iter()
            .map(|t| Point {
                x: round((0.25 + t[0]) / 1.5 * 300.0),
                y: round((0.25 + t[1]) / 1.5 * 300.0),
            })
            .collect();
        let d = face_chip_details(&parts, 150, 0.25).unwrap();
        assert!(d.angle.abs() < 0.01, "{}", d.angle);
        assert!(
            ((d.rect.right - d.rect.left + 1.0) - 300.0).abs() < 2.0,
            "{:?}",
            d.rect
        );
    }
}
