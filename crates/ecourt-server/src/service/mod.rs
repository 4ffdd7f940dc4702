//! Service of documents (送达; 民事诉讼法 Art. 90, 《人民法院在线诉讼规则》 Art. 29-32): the court
//! serves documents of a case to chosen recipients, electronically where a ground of consent
//! is found (Art. 29, [`grounds`]) and its policy allows the document ([`policy`]), through
//! channels behind one trait ([`channels`]: the platform account, email, an SMS notice);
//! service takes effect per Art. 31 (pure rules in [`effect`]) and starts the periods that run
//! from it (kernel::periods); the recipient opens, confirms, disputes or asks for paper through
//! the outbox; the clerks' tasks serve otherwise ([`tasks`]); the certificate (电子送达凭证) is a
//! PDF of the case. The address confirmation is [`addresses`].

pub mod addresses;
pub mod channels;
pub mod effect;
pub mod grounds;
pub mod policy;
pub mod routes;
pub mod serving;
pub mod tasks;

use crate::kernel::registry::Registry;

pub fn register(registry: &mut Registry) {
    serving::register(registry);
}
