//! The desktop shell's commands, as a library so that their TypeScript is generated and
//! checked by `cargo test --workspace --lib` beside the core's types. No logic here.

pub mod commands;
