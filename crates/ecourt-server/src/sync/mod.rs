//! The desktops' sync: the change feed (pull) and the outbox applied exactly once (push).

pub mod feed;
pub mod outbox;
pub mod routes;

pub use feed::*;
