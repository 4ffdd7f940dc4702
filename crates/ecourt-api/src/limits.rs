//! Limits the desktop keeps to, so that it can refuse early what the court would refuse.

/// The longest message (留言) in characters.
pub const MESSAGE_MAX_CHARS: usize = 2000;
/// The largest JSON body the API takes.
pub const JSON_BODY_MAX_BYTES: usize = 256 * 1024;
/// The frames of one face challenge (base64 JPEG; the court takes at most 150 of ≤ 1 MB, but
/// a capture is normally 30–120 frames of 20–60 KB).
pub const FRAMES_BODY_MAX_BYTES: usize = 24 * 1024 * 1024;
/// Documents up to this size travel inside the page of changes that names them.
pub const INLINE_CONTENT_MAX_BYTES: i64 = 64 * 1024;
