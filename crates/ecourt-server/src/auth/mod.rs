//! Sign-in and sessions (登录): passwords, tokens, the sign-in throttle.

pub mod help;
pub mod idle;
pub mod routes;
pub mod seed;
pub mod sign_in;

// The caller extractors were here before the kernel; the old paths keep working.
pub use crate::kernel::caller::{
    account_by_id, account_from_row, token_hash, Caller, IdentityCaller,
};
pub use sign_in::*;
