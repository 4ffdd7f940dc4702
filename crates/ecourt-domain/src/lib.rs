//! Pure court rules shared by the court service and the desktop: who may hold which role in a
//! case, the stages a case passes through, case types and case numbers, litigation fees, and
//! periods counted with the holiday calendar, the court's date (Beijing time), identity numbers and the filing application's checks, (kept as data in `data/`).
//!
//! This crate does no I/O and knows nothing of HTTP, SQL or the UI. Each rule cites the law or
//! notice it comes from, and its tests quote that rule.

pub mod case_number;
pub mod case_type;
pub mod court_time;
pub mod fees;
pub mod filing;
pub mod id_number;
pub mod money;
pub mod period;
pub mod phone;
pub mod regions;
pub mod role;
pub mod stage;
pub mod statutory_holidays;
pub mod text;
pub mod uscc;

pub use case_number::{CaseNumber, CaseNumberError};
pub use case_type::CaseType;
pub use filing::FilingApplication;
pub use id_number::IdNumber;
pub use money::Yuan;
pub use role::{AccountKind, CaseRole};
pub use stage::CaseStage;
