//! The kernel: what every capability stands on and nothing above it — the database, the
//! court's clock and calendar, errors and extractors, the audit chain, the case file (scope,
//! acts, the read model the capabilities add their parts to), the caller, the gateway ports,
//! the registry of capability parts and the one deadline scheduler.
//!
//! Imports point one way: a capability (`auth`, `cases`, `sync`, `filing`, `identity`,
//! `hearings`) uses the kernel; the kernel never names a capability.

pub mod audit;
pub mod body_limits;
pub mod caller;
pub mod case_file;
pub mod case_numbers;
pub mod clock;
pub mod config;
pub mod consent;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod edge;
pub mod error;
pub mod extract;
pub mod mail;
pub mod periods;
pub mod ports;
pub mod reasons;
pub mod registry;
pub mod state;
pub mod throttle;
