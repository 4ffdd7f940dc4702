//! The window's commands, one file per capability, each command declared once in a
//! [`commands!`] table: its name, arguments and answer. The table expands to the
//! `#[tauri::command]` functions, the capability's part of the invoke handler and its part of
//! `ui/src/commands.ts`, so the three can no longer disagree (a renamed argument now fails
//! `vue-tsc`, not a click). The test `command_bindings_are_fresh` fails when the committed file
//! is stale; `UPDATE_BINDINGS=1 cargo test --workspace --lib bindings` rewrites it.
//!
//! A new capability: a file `commands/<name>.rs` with one `commands!` table, its `pub mod`
//! line and its name in the `capabilities!` line below.

pub mod ipc;

use ecourt_app::{App, AppError};
use std::sync::Arc;
use tauri::ipc::Invoke;
use tauri::{Emitter, Wry};

/// The core every command forwards to.
pub type Core<'a> = tauri::State<'a, Arc<App>>;
/// What every command answers: a value, or an error the UI words by its code.
pub type Answer<T> = Result<T, AppError>;
/// One capability's part of the invoke handler: `false` for a command it does not know.
pub type Handler = Box<dyn Fn(Invoke<Wry>) -> bool + Send + Sync>;

/// One command as the TypeScript side sees it.
pub struct Command {
    pub name: &'static str,
    pub doc: Vec<&'static str>,
    /// Rust name, TypeScript type, place in the call.
    pub args: Vec<(&'static str, String, ipc::Place)>,
    pub answer: String,
}

/// Declares a capability's commands. Each entry reads like the function it becomes:
///
/// ```ignore
/// commands! {
///     /// Shown in the generated TypeScript too.
///     fn get_case(app, case_id: i64) -> CaseView { app.case(case_id).await }
/// }
/// ```
///
/// `app` (any name) is the core; the body's value is the command's `Answer<T>`.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($app:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $answer:ty $body:block
    )*) => {
        #[allow(unused_imports)]
        use $crate::commands::{ipc::IpcArg as _, Answer, Core};

        $(
            $(#[doc = $doc])*
            #[tauri::command]
            #[allow(unused_variables)]
            pub async fn $name($app: Core<'_>, $($arg: $ty),*) -> Answer<$answer> $body
        )*

        /// The command names this capability answers.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        pub fn handler() -> $crate::commands::Handler {
            Box::new(tauri::generate_handler![$($name),*])
        }

        pub fn typescript() -> Vec<$crate::commands::Command> {
            vec![$($crate::commands::Command {
                name: stringify!($name),
                doc: vec![$($doc),*],
                args: vec![$((
                    stringify!($arg),
                    <$ty as $crate::commands::ipc::IpcArg>::ts(),
                    <$ty as $crate::commands::ipc::IpcArg>::PLACE,
                )),*],
                answer: <$answer as ts_rs::TS>::name(),
            }),*]
        }
    };
}

/// The capabilities, each a file with its `commands!` table.
macro_rules! capabilities {
    ($($capability:ident),* $(,)?) => {
        /// The whole invoke handler: each command goes to the capability that declares it.
        pub fn handler() -> impl Fn(Invoke<Wry>) -> bool + Send + Sync + 'static {
            let parts: Vec<(&'static [&'static str], Handler)> =
                vec![$(($capability::NAMES, $capability::handler())),*];
            move |invoke| {
                let name = invoke.message.command();
                match parts.iter().find(|(names, _)| names.contains(&name)) {
                    Some((_, handle)) => handle(invoke),
                    None => false,
                }
            }
        }

        /// Every command, grouped by capability.
        pub fn all() -> Vec<(&'static str, Vec<Command>)> {
            vec![$((stringify!($capability), $capability::typescript())),*]
        }
    };
}

pub mod cases;
pub mod desk;
pub mod evidence;
pub mod face;
pub mod filing;
pub mod hearing;
pub mod identity;
pub mod periods;
pub mod service;
pub mod session;
pub mod signatures;

capabilities!(
    session, cases, desk, filing, identity, face, hearing, periods, signatures, service, evidence
);

/// An event the core sends the window: its name on the line and its payload's type.
pub struct Event {
    pub name: &'static str,
    /// The listener's name in TypeScript (`onSyncStatus`).
    pub listener: &'static str,
    pub payload: String,
}

/// The sync status after every change (online, pending, refused, last sync).
pub const SYNC_STATUS: &str = "sync-status";

pub fn emit_sync_status(window: &tauri::AppHandle, status: &ecourt_app::SyncStatus) {
    let _ = window.emit(SYNC_STATUS, status);
}

pub fn events() -> Vec<Event> {
    vec![Event {
        name: SYNC_STATUS,
        listener: "onSyncStatus",
        payload: <ecourt_app::SyncStatus as ts_rs::TS>::name(),
    }]
}

/// `list_cases` → `listCases`, as Tauri names argument keys and as `api.ts` names calls.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Ids and sizes are JSON numbers, far below 2^53 (as in bindings.ts); `()` answers nothing.
fn ts_type(t: &str) -> String {
    t.replace("bigint", "number")
}

/// The whole `ui/src/commands.ts`.
pub fn typescript() -> String {
    let groups = all();
    let events = events();
    let mut types = std::collections::BTreeSet::new();
    let mut body = String::new();
    body.push_str(
        "/** The desktop core's commands, one typed call each. */\nexport const commands = {\n",
    );
    for (capability, commands) in &groups {
        body.push_str(&format!("  // ---- {capability} ----\n"));
        for c in commands {
            let answer = match ts_type(&c.answer).as_str() {
                "null" => "void".to_string(),
                t => t.to_string(),
            };
            collect_types(&answer, &mut types);
            if !c.doc.is_empty() {
                let lines: Vec<&str> = c.doc.iter().map(|l| l.trim()).collect();
                body.push_str(&format!("  /** {} */\n", lines.join(" ")));
            }
            let mut params = Vec::new();
            let mut json = Vec::new();
            let mut raw = None;
            let mut headers = Vec::new();
            for (name, ts, place) in &c.args {
                let name = camel(name);
                let ts = ts_type(ts);
                collect_types(&ts, &mut types);
                params.push(format!("{name}: {ts}"));
                match place {
                    ipc::Place::Json => json.push(name),
                    ipc::Place::Body => raw = Some(name),
                    ipc::Place::Header(h) => {
                        headers.push(format!("\"{h}\": encodeURIComponent({name})"))
                    }
                }
            }
            let mut call = format!("invoke<{answer}>(\"{}\"", c.name);
            match (&raw, json.is_empty()) {
                (Some(raw), true) => call.push_str(&format!(", {raw}")),
                (Some(_), false) => {
                    panic!("{}: a raw body leaves no room for JSON arguments", c.name)
                }
                (None, false) => call.push_str(&format!(", {{ {} }}", json.join(", "))),
                (None, true) if headers.is_empty() => {}
                (None, true) => call.push_str(", {}"),
            }
            if !headers.is_empty() {
                call.push_str(&format!(", {{ headers: {{ {} }} }}", headers.join(", ")));
            }
            call.push(')');
            body.push_str(&format!(
                "  {}: ({}): Promise<{answer}> =>\n    {call},\n",
                camel(c.name),
                params.join(", ")
            ));
        }
    }
    body.push_str(
        "};\n\n/** What the core tells the window unasked. */\nexport const events = {\n",
    );
    for e in &events {
        let payload = ts_type(&e.payload);
        collect_types(&payload, &mut types);
        body.push_str(&format!(
            "  {}: (f: (payload: {payload}) => void): Promise<UnlistenFn> =>\n    listen<{payload}>(\"{}\", (e) => f(e.payload)),\n",
            e.listener, e.name
        ));
    }
    body.push_str("};\n");
    let mut out = String::from(
        "// Generated from src-tauri/src/commands by `UPDATE_BINDINGS=1 cargo test --workspace --lib bindings`.\n// Do not edit by hand: ui/src/api.ts adapts the few calls that take files or callbacks.\n\n",
    );
    out.push_str("import { invoke, type Channel } from \"@tauri-apps/api/core\";\n");
    out.push_str("import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n");
    out.push_str("import type {\n");
    for t in &types {
        out.push_str(&format!("  {t},\n"));
    }
    out.push_str("} from \"./bindings\";\n\n");
    out + &body
}

/// The names of generated types a TypeScript type mentions.
fn collect_types(ts: &str, into: &mut std::collections::BTreeSet<String>) {
    const BUILT_IN: &[&str] = &[
        "Array",
        "Record",
        "Channel",
        "Uint8Array",
        "ArrayBuffer",
        "Promise",
    ];
    for word in ts.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !BUILT_IN.contains(&word) {
            into.insert(word.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (_, commands) in super::all() {
            for c in commands {
                assert!(seen.insert(c.name), "{} is declared twice", c.name);
            }
        }
    }

    #[test]
    fn command_bindings_are_fresh() {
        ecourt_app::bindings::check_generated(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/commands.ts"),
            &super::typescript(),
            std::env::var_os("UPDATE_BINDINGS").is_some(),
        );
    }
}
