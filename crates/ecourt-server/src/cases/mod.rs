//! The case read model as callers see it: the case list, a case's detail, a document's bytes,
//! and the parties' messages (an outbox action). The case file itself (scope, acts, the read
//! model's queries and the parts other capabilities add) is the kernel's.

pub mod messages;
pub mod routes;
pub mod seed;

use crate::kernel::registry::Registry;

// The case file was `crate::cases` before the kernel; the old paths keep working.
pub use crate::kernel::case_file::*;

pub fn register(registry: &mut Registry) {
    registry.action("send_message", messages::send_message);
}
