//! Service of documents (送达; 民事诉讼法 Art. 90, 《人民法院在线诉讼规则》 Art. 29-32): the court
//! serves documents of a case to chosen recipients, electronically where a ground of consent
//! is found (Art. 29) and its policy allows the document, through channels behind one trait
//! (the platform account, email, an SMS notice); service takes effect per Art. 31 (pure rules
//! in [`effect`]); the recipient opens, confirms, disputes or asks for paper through the
//! outbox; the clerks' tasks serve otherwise; the certificate (电子送达凭证) is a PDF of the
//! case; periods run from service.

pub mod addresses;
pub mod policy;
pub mod routes;
pub mod serving;
pub mod tasks;

use crate::kernel::registry::Registry;

pub fn register(registry: &mut Registry) {
    serving::register(registry);
}
