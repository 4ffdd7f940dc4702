//! The one font every paper is drawn with: a Simplified Chinese face, loaded once.

use std::path::Path;
use std::sync::Arc;

use krilla::text::Font;
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use crate::PaperError;

/// Font files tried by [`FontSource::system`], best first (Debian package fonts-noto-cjk).
pub const SYSTEM_FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
];

/// The settings naming a font file, first match wins: `ECOURT_PAPERS_FONT`, and
/// `ECOURT_RECEIPT_FONT`, its earlier name, still honoured so that a court's existing setting
/// keeps working. This crate reads no environment: whoever reads its configuration passes the
/// path to [`FontSource::configured`].
pub const FONT_SETTINGS: [&str; 2] = ["ECOURT_PAPERS_FONT", "ECOURT_RECEIPT_FONT"];

/// A loaded font file and the face in it used for Simplified Chinese. Load once, render often.
#[derive(Clone)]
pub struct FontSource {
    pub(crate) data: Arc<Vec<u8>>,
    pub(crate) index: u32,
    pub(crate) font: Font,
}

impl std::fmt::Debug for FontSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSource")
            .field("face", &self.index)
            .finish_non_exhaustive()
    }
}

impl FontSource {
    /// The font a court was configured with (its `ECOURT_PAPERS_FONT`, read by the service's
    /// configuration, see [`FONT_SETTINGS`]): that file and only that one when given, else the
    /// system's ([`FontSource::system`]).
    pub fn configured(path: Option<&Path>) -> Result<FontSource, PaperError> {
        match path {
            Some(path) => FontSource::from_path(path),
            None => FontSource::system(),
        }
    }

    /// The first of [`SYSTEM_FONTS`] installed.
    pub fn system() -> Result<FontSource, PaperError> {
        let found = SYSTEM_FONTS.iter().map(Path::new).find(|p| p.is_file());
        FontSource::from_path(found.ok_or(PaperError::FontNotFound)?)
    }

    /// A font or collection (.ttf, .otf, .ttc) on disk.
    pub fn from_path(path: impl AsRef<Path>) -> Result<FontSource, PaperError> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|source| PaperError::FontRead {
            path: path.to_owned(),
            source,
        })?;
        FontSource::from_bytes(data)
    }

    /// Picks the face named "… SC" in a collection, else the first face that has Chinese.
    pub fn from_bytes(data: Vec<u8>) -> Result<FontSource, PaperError> {
        let file = FileRef::new(&data).map_err(|_| PaperError::NoChineseFace)?;
        let faces: Vec<FontRef> = file.fonts().filter_map(Result::ok).collect();
        let is_sc = |f: &FontRef| {
            f.localized_strings(StringId::FAMILY_NAME)
                .any(|name| name.to_string().ends_with(" SC"))
        };
        let has_chinese = |f: &FontRef| f.charmap().map('票').is_some_and(|g| g.to_u32() != 0);
        let index = (faces.iter().position(is_sc))
            .or_else(|| faces.iter().position(has_chinese))
            .ok_or(PaperError::NoChineseFace)? as u32;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index).ok_or(PaperError::NoChineseFace)?;
        Ok(FontSource { data, index, font })
    }

    /// The face for reading code points and advances.
    pub(crate) fn face(&self) -> Result<FontRef<'_>, PaperError> {
        FontRef::from_index(&self.data, self.index).map_err(|_| PaperError::NoChineseFace)
    }
}
