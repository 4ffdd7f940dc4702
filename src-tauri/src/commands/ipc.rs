//! The shapes a command's argument can take on the IPC line besides a JSON value: the raw
//! request body, a header, and channels back to the window. Each says what it is in
//! TypeScript ([`IpcArg`]), so that the generated `ui/src/commands.ts` takes exactly what the
//! command reads.

use ecourt_app::{AppError, AppErrorCode};
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError, InvokeResponseBody};
use tauri::Runtime;
use ts_rs::TS;

/// Where an argument travels in the invoke call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A key of the JSON arguments object (camelCase of the Rust name, as Tauri reads it).
    Json,
    /// The whole request body as raw bytes (megabytes do not travel as JSON arrays).
    Body,
    /// A request header (percent-encoded text).
    Header(&'static str),
}

/// An argument's TypeScript type and its place in the call.
pub trait IpcArg {
    fn ts() -> String;
    const PLACE: Place = Place::Json;
}

impl<T: TS> IpcArg for T {
    fn ts() -> String {
        T::name()
    }
}

/// The raw request body (a file's bytes).
pub struct Body<'a>(&'a InvokeBody);

impl Body<'_> {
    /// The bytes, or a plain refusal when the window sent JSON instead.
    pub fn bytes(&self, what: &str) -> Result<&[u8], AppError> {
        match self.0 {
            InvokeBody::Raw(bytes) => Ok(bytes),
            InvokeBody::Json(_) => Err(AppError::new(
                AppErrorCode::InvalidInput,
                format!("{what} must be sent as bytes"),
            )),
        }
    }
}

impl<'a, R: Runtime> CommandArg<'a, R> for Body<'a> {
    fn from_command(command: CommandItem<'a, R>) -> Result<Self, InvokeError> {
        Ok(Body(command.message.payload()))
    }
}

impl IpcArg for Body<'_> {
    fn ts() -> String {
        "Uint8Array".into()
    }
    const PLACE: Place = Place::Body;
}

/// A file's name beside its bytes, in the `x-file-name` header (percent-encoded, since
/// header values are ASCII); `file` when absent.
pub struct FileName(pub String);

const FILE_NAME_HEADER: &str = "x-file-name";

impl<'a, R: Runtime> CommandArg<'a, R> for FileName {
    fn from_command(command: CommandItem<'a, R>) -> Result<Self, InvokeError> {
        Ok(FileName(
            command
                .message
                .headers()
                .get(FILE_NAME_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(percent_decode)
                .unwrap_or_else(|| "file".into()),
        ))
    }
}

impl IpcArg for FileName {
    fn ts() -> String {
        "string".into()
    }
    const PLACE: Place = Place::Header(FILE_NAME_HEADER);
}

/// Where a piece of a file goes, beside its bytes: the upload's id and the offset of the piece,
/// `"<id>@<offset>"` in the `x-piece-at` header (a file of hundreds of megabytes crosses the
/// line in pieces, so neither side holds it whole).
pub struct PieceAt {
    pub upload_id: String,
    pub offset: u64,
}

const PIECE_AT_HEADER: &str = "x-piece-at";

impl<'a, R: Runtime> CommandArg<'a, R> for PieceAt {
    fn from_command(command: CommandItem<'a, R>) -> Result<Self, InvokeError> {
        let raw = command
            .message
            .headers()
            .get(PIECE_AT_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(percent_decode)
            .unwrap_or_default();
        let (upload_id, offset) = raw
            .rsplit_once('@')
            .and_then(|(id, at)| Some((id.to_string(), at.parse().ok()?)))
            .ok_or_else(|| {
                InvokeError::from(format!("{PIECE_AT_HEADER}: expected <id>@<offset>"))
            })?;
        Ok(PieceAt { upload_id, offset })
    }
}

impl IpcArg for PieceAt {
    fn ts() -> String {
        "string".into()
    }
    const PLACE: Place = Place::Header(PIECE_AT_HEADER);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A channel of raw bytes to the window (JPEG pictures), read there as an `ArrayBuffer`.
pub struct Pictures(tauri::ipc::Channel<InvokeResponseBody>);

impl Pictures {
    pub fn send(&self, bytes: Vec<u8>) {
        let _ = self.0.send(InvokeResponseBody::Raw(bytes));
    }
}

impl<'a, R: Runtime> CommandArg<'a, R> for Pictures {
    fn from_command(command: CommandItem<'a, R>) -> Result<Self, InvokeError> {
        tauri::ipc::Channel::from_command(command).map(Pictures)
    }
}

impl IpcArg for Pictures {
    fn ts() -> String {
        "Channel<ArrayBuffer | number[]>".into()
    }
}

/// A channel of JSON values of one type to the window.
pub struct Updates<T>(tauri::ipc::Channel<T>);

impl<T: tauri::ipc::IpcResponse> Updates<T> {
    pub fn send(&self, value: T) {
        let _ = self.0.send(value);
    }
}

impl<'a, R: Runtime, T> CommandArg<'a, R> for Updates<T> {
    fn from_command(command: CommandItem<'a, R>) -> Result<Self, InvokeError> {
        tauri::ipc::Channel::from_command(command).map(Updates)
    }
}

impl<T: TS> IpcArg for Updates<T> {
    fn ts() -> String {
        format!("Channel<{}>", T::name())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_percent_decoded() {
        assert_eq!(super::percent_decode("%E8%AF%81%E6%8D%AE.pdf"), "证据.pdf");
        assert_eq!(super::percent_decode("a%2"), "a%2");
    }
}
