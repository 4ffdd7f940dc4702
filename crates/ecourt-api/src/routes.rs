//! The route paths of `/api/v1`, one submodule per capability, shared by the court's router
//! and the desktop's client so that neither spells a path of its own. Parameters are written
//! as the router and the OpenAPI document write them (`{id}`); [`path`] fills them in.
//!
//! `ecourt-server/tests/wire_routes.rs` checks that the court's OpenAPI document lists exactly
//! [`documented`] (with [`DEV`] where the development gateways are on).

/// The court's OpenAPI document (not itself listed in it).
pub const OPENAPI: &str = "/api/openapi.json";

pub mod service {
    pub const HEALTH: &str = "/api/v1/health";
    pub const ALL: &[&str] = &[HEALTH];
}

pub mod auth {
    /// `POST` signs in, `DELETE` signs out.
    pub const SESSION: &str = "/api/v1/session";
    /// Where to call for help (public): 12368 and the court's own number.
    pub const HELP: &str = "/api/v1/help";
    pub const ALL: &[&str] = &[SESSION, HELP];
}

pub mod cases {
    pub const CASES: &str = "/api/v1/cases";
    pub const CASE: &str = "/api/v1/cases/{id}";
    pub const DOCUMENT_CONTENT: &str = "/api/v1/cases/{id}/documents/{document_id}/content";
    pub const ALL: &[&str] = &[CASES, CASE, DOCUMENT_CONTENT];
}

pub mod sync {
    pub const CHANGES: &str = "/api/v1/sync/changes";
    pub const ACTIONS: &str = "/api/v1/actions";
    pub const ALL: &[&str] = &[CHANGES, ACTIONS];
}

pub mod fees {
    pub const QUOTE: &str = "/api/v1/fees/quote";
    pub const ALL: &[&str] = &[QUOTE];
}

pub mod filing {
    pub const REVIEW_QUEUE: &str = "/api/v1/filings/review-queue";
    pub const CORRECTION_NOTICE: &str = "/api/v1/filings/{id}/correction-notice";
    pub const REGISTER: &str = "/api/v1/filings/{id}/register";
    pub const REJECT: &str = "/api/v1/filings/{id}/reject";
    pub const UPLOAD: &str = "/api/v1/uploads/{sha256}";
    /// The development payment gateway pays at once (embedded and demo courts only).
    pub const DEV_SETTLE: &str = "/api/v1/dev/payments/{payment_number}/settle";
    pub const ALL: &[&str] = &[REVIEW_QUEUE, CORRECTION_NOTICE, REGISTER, REJECT, UPLOAD];
}

pub mod identity {
    pub const ID_NUMBER_CHECK: &str = "/api/v1/identity/id-numbers/check";
    pub const PHONE_CODE: &str = "/api/v1/identity/phone/code";
    pub const PHONE_VERIFY: &str = "/api/v1/identity/phone/verify";
    pub const ME: &str = "/api/v1/identity/me";
    pub const BIOMETRIC_CONSENT: &str = "/api/v1/identity/consents/biometric";
    pub const CONSENTS: &str = "/api/v1/identity/consents";
    pub const LAWYER_LICENCE: &str = "/api/v1/identity/lawyer-licence";
    pub const ID_CARD: &str = "/api/v1/identity/card";
    pub const FACE_CHALLENGES: &str = "/api/v1/identity/face/challenges";
    pub const FACE_VERIFICATIONS: &str = "/api/v1/identity/face/verifications";
    pub const ASSISTED_SESSIONS: &str = "/api/v1/identity/assisted-sessions";
    pub const ASSISTED_PARTY_LOOKUP: &str = "/api/v1/identity/assisted-parties/lookup";
    pub const FACE_REVIEWS: &str = "/api/v1/identity/face/reviews";
    pub const FACE_REVIEW_DECISION: &str = "/api/v1/identity/face/reviews/{id}/decision";
    /// The development SMS gateway's texts (embedded and demo courts only).
    pub const DEV_SMS: &str = "/api/v1/dev/sms";
    pub const ALL: &[&str] = &[
        ID_NUMBER_CHECK,
        PHONE_CODE,
        PHONE_VERIFY,
        ME,
        BIOMETRIC_CONSENT,
        CONSENTS,
        LAWYER_LICENCE,
        ID_CARD,
        FACE_CHALLENGES,
        FACE_VERIFICATIONS,
        ASSISTED_SESSIONS,
        ASSISTED_PARTY_LOOKUP,
        FACE_REVIEWS,
        FACE_REVIEW_DECISION,
    ];
}

pub mod hearing {
    pub const SCHEDULE: &str = "/api/v1/cases/{id}/hearings";
    /// The court moves a hearing not yet opened (改期).
    pub const MOVE: &str = "/api/v1/hearings/{id}/move";
    pub const RULES: &str = "/api/v1/hearings/rules";
    pub const PROBE: &str = "/api/v1/hearings/probe";
    pub const CONSENT: &str = "/api/v1/hearings/{id}/consent";
    pub const EXCLUSIONS: &str = "/api/v1/hearings/{id}/exclusions";
    pub const JOIN_TOKENS: &str = "/api/v1/hearings/{id}/join-tokens";
    pub const RECORD: &str = "/api/v1/hearings/{id}/record";
    /// The signalling WebSocket (`?token=`): an upgrade, not an operation, so not in the
    /// OpenAPI document.
    pub const SIGNAL: &str = "/api/v1/hearings/{id}/signal";
    pub const ALL: &[&str] = &[
        SCHEDULE,
        MOVE,
        RULES,
        PROBE,
        CONSENT,
        EXCLUSIONS,
        JOIN_TOKENS,
        RECORD,
    ];
}

/// The development gateways' routes, served (and documented) only where those gateways are.
pub const DEV: &[&str] = &[filing::DEV_SETTLE, identity::DEV_SMS];

/// Every operation's path in the court's OpenAPI document, the development routes aside.
pub mod consent {
    /// `GET` the case's consent ledger, `POST` give or withdraw consent to a step.
    pub const CASE_CONSENTS: &str = "/api/v1/cases/{id}/consents";
    pub const ALL: &[&str] = &[CASE_CONSENTS];
}

pub mod signatures {
    /// `GET` who signed which version, `POST` sign or refuse to sign the version read.
    pub const DOCUMENT_SIGNATURES: &str = "/api/v1/cases/{id}/documents/{document_id}/signatures";
    pub const ALL: &[&str] = &[DOCUMENT_SIGNATURES];
}

pub mod evidence {
    /// `PUT` a file of evidence (streamed; content-addressed per account), before the item
    /// that names it.
    pub const FILE_UPLOAD: &str = "/api/v1/evidence/files/{sha256}";
    /// `GET` the case's evidence as the caller may see it, `POST` give an item.
    pub const CASE_EVIDENCE: &str = "/api/v1/cases/{id}/evidence";
    /// `POST` a later version of one's own item (the earlier ones are kept).
    pub const ITEM_VERSIONS: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/versions";
    /// `GET` who viewed the item, `POST` record a view.
    pub const ITEM_VIEWS: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/views";
    /// `GET` a file's bytes (streamed; records a view).
    pub const ITEM_FILE: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/files/{sha256}";
    /// `POST` a cross-examination opinion on the other side's item.
    pub const ITEM_OPINIONS: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/opinions";
    /// `POST` the judge's admission decision and note.
    pub const ITEM_ADMISSION: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/admission";
    /// `POST` the court asks for the original.
    pub const ITEM_ORIGINALS: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/originals";
    /// `POST` a deposit (blockchain) declaration for the item, checked at once.
    pub const ITEM_DEPOSIT: &str = "/api/v1/cases/{id}/evidence/items/{item_id}/deposit";
    /// `POST` what came of an original asked for.
    pub const ORIGINAL_OUTCOME: &str = "/api/v1/cases/{id}/evidence/originals/{request_id}/outcome";
    /// `POST` the judge sets the evidence period (举证期限).
    pub const PERIOD: &str = "/api/v1/cases/{id}/evidence/period";
    /// `POST` a party's choice of mode (on the consent ledger).
    pub const MODE: &str = "/api/v1/cases/{id}/evidence/mode";
    /// `POST` the judge lets a party answer after the period.
    pub const LEAVE: &str = "/api/v1/cases/{id}/evidence/leave";
    /// `POST` the judge opens the exchange.
    pub const EXCHANGE: &str = "/api/v1/cases/{id}/evidence/exchange";
    pub const EXCHANGE_REMIND: &str = "/api/v1/cases/{id}/evidence/exchange/remind";
    pub const EXCHANGE_CLOSE: &str = "/api/v1/cases/{id}/evidence/exchange/close";
    /// `POST` the synchronous exchange: the item the judge takes now.
    pub const CURRENT_ITEM: &str = "/api/v1/cases/{id}/evidence/exchange/current-item";
    /// `GET` the judge's matrix (`?disputed=true` for the disputed items only).
    pub const MATRIX: &str = "/api/v1/cases/{id}/evidence/matrix";
    /// `POST` file the record of the exchange (证据交换笔录) as a document to be signed.
    pub const RECORD: &str = "/api/v1/cases/{id}/evidence/record";
    /// `POST` file the opinion sheet (质证意见表) as a document of the case.
    pub const OPINION_SHEET: &str = "/api/v1/cases/{id}/evidence/opinion-sheet";
    pub const ALL: &[&str] = &[
        FILE_UPLOAD,
        CASE_EVIDENCE,
        ITEM_VERSIONS,
        ITEM_VIEWS,
        ITEM_FILE,
        ITEM_OPINIONS,
        ITEM_ADMISSION,
        ITEM_ORIGINALS,
        ITEM_DEPOSIT,
        ORIGINAL_OUTCOME,
        PERIOD,
        MODE,
        LEAVE,
        EXCHANGE,
        EXCHANGE_REMIND,
        EXCHANGE_CLOSE,
        CURRENT_ITEM,
        MATRIX,
        RECORD,
        OPINION_SHEET,
    ];
}

pub fn documented() -> Vec<&'static str> {
    [
        service::ALL,
        auth::ALL,
        cases::ALL,
        sync::ALL,
        fees::ALL,
        filing::ALL,
        identity::ALL,
        hearing::ALL,
        consent::ALL,
        signatures::ALL,
        evidence::ALL,
    ]
    .concat()
}

/// A route with its `{…}` parameters filled in, in order: `path(cases::CASE, &[&7])` is
/// `/api/v1/cases/7`. The values are ids, hashes and payment numbers, which need no escaping.
pub fn path(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a closed parameter") + open;
        out.push_str(&rest[..open]);
        let arg = args.next().expect("a value for every parameter");
        out.push_str(&arg.to_string());
        rest = &rest[close + 1..];
    }
    assert!(
        args.next().is_none(),
        "more values than parameters in {template}"
    );
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_filled_in_order() {
        assert_eq!(path(cases::CASES, &[]), "/api/v1/cases");
        assert_eq!(path(cases::CASE, &[&7]), "/api/v1/cases/7");
        assert_eq!(
            path(cases::DOCUMENT_CONTENT, &[&3, &41]),
            "/api/v1/cases/3/documents/41/content"
        );
        assert_eq!(
            path(filing::DEV_SETTLE, &[&"2026001"]),
            "/api/v1/dev/payments/2026001/settle"
        );
    }

    #[test]
    fn every_documented_path_is_listed_once() {
        let all = documented();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert!(all.iter().chain(DEV).all(|p| p.starts_with("/api/v1/")));
    }
}
