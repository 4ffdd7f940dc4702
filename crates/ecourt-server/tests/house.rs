//! The court service's imports point one way (docs/ARCHITECTURE.md, "The house"): the kernel
//! names no capability, a capability names the kernel and its own folder only, and nothing
//! below the root names the root. Read from the source as text, so that a sixth capability
//! reaching into another's module fails here rather than in review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const CAPABILITIES: &[&str] = &[
    "auth",
    "cases",
    "sync",
    "filing",
    "identity",
    "hearings",
    "consent",
    "evidence",
    "signatures",
];

/// The flat names of before the house (re-exported in `lib.rs`), and where they live now.
fn part_of_name(name: &str) -> String {
    match name {
        "kernel" | "db" | "clock" | "error" | "extract" | "audit" | "edge" | "body_limits"
        | "throttle" | "state" | "case_numbers" => "kernel".into(),
        "filings" | "fees" | "payments" | "uploads" => "filing".into(),
        "faces" | "face_review" | "assisted" => "identity".into(),
        "actions" => "sync".into(),
        "hearing_room" | "room_limits" => "hearings".into(),
        n if CAPABILITIES.contains(&n) => n.into(),
        n => format!("root:{n}"),
    }
}

/// Which part a file of `src/` belongs to: `kernel`, a capability, or the root.
fn part_of_file(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    match first.strip_suffix(".rs") {
        Some(root) => format!("root:{root}"),
        None => first.into_owned(),
    }
}

/// The first segment of every `crate::…` path the file names outside comments, groups
/// (`crate::{a, b}`) included.
fn names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() && item != "self" {
                        out.insert(item.to_string());
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What `from` may not name, or None when it may.
fn refused(from: &str, to: &str) -> Option<&'static str> {
    if from == to || from.starts_with("root:") {
        return None;
    }
    if to.starts_with("root:") {
        return Some("only the root names the root");
    }
    if from == "kernel" {
        return Some("the kernel names no capability");
    }
    if to != "kernel" {
        return Some("a capability names the kernel and its own folder only");
    }
    None
}

#[test]
fn imports_point_from_the_capabilities_to_the_kernel_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 40,
        "read {} files under {}",
        files.len(),
        src.display()
    );
    // No exceptions: the live room is hearings' own (its state among the state's parts).
    let allowed: [(&str, &str); 0] = [];
    let mut wrong = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).unwrap();
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let from = part_of_file(rel);
        let text = std::fs::read_to_string(path).unwrap();
        for name in names(&text) {
            let to = part_of_name(&name);
            if let Some(rule) = refused(&from, &to) {
                if !allowed.contains(&(rel_text.as_str(), name.as_str())) {
                    wrong.push(format!("{rel_text} names crate::{name} ({to}): {rule}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_rule_reads_what_it_must() {
    // The reader finds paths and groups, and skips comments.
    let text =
        "use crate::kernel::db::Db;\nuse crate::{filing, identity::faces};\n// crate::hearings\n";
    let found: Vec<_> = names(text).into_iter().collect();
    assert_eq!(found, ["filing", "identity", "kernel"]);
    assert_eq!(
        refused("filing", "identity"),
        Some("a capability names the kernel and its own folder only")
    );
    assert_eq!(
        refused("kernel", "filing"),
        Some("the kernel names no capability")
    );
    assert_eq!(
        refused("cases", "root:seed"),
        Some("only the root names the root")
    );
    assert_eq!(refused("filing", "kernel"), None);
    assert_eq!(refused("root:api", "filing"), None);
}
