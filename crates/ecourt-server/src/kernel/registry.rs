//! What a capability registers from its own folder (its `register` function), so that the
//! kernel runs it without naming it: its deadline sweeps, its part of a case's detail and the
//! outbox actions it carries out. The service's root calls every capability's `register` once
//! at start-up (`capabilities.rs`).

use crate::kernel::db::{Db, Tx};
use crate::kernel::deadlines::Scheduler;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ActionRequest, CaseDetail};
use std::future::Future;
use std::pin::Pin;

pub type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A capability's part of the case detail: fills its own fields of `details` (cases the
/// caller may see, already checked) from its own tables.
pub type DetailPart =
    for<'a> fn(&'a Db, &'a Account, &'a mut [CaseDetail]) -> Boxed<'a, sqlx::Result<()>>;

/// What an outbox action does, inside the transaction that records its answer. The outer
/// error is a failure of the server (the push is retried); the inner one a refusal of the
/// action itself (recorded, never retried); `Some(id)` is the timeline event it wrote.
pub type ActionOutcome = Result<Result<Option<i64>, Failure>, Failure>;
pub type ActionHandler = for<'a> fn(
    &'a AppState,
    &'a Account,
    &'a mut Tx,
    &'a ActionRequest,
) -> Boxed<'a, ActionOutcome>;

/// Whether an account's face was checked live within a time of now: asked before a hearing
/// (and later a signature, mediation, evidence exchange), answered by identity from its tables.
pub type FaceRecheckQuery =
    for<'a> fn(&'a AppState, i64, chrono::Duration) -> Boxed<'a, ApiResult<bool>>;

/// Where an account stands in identity: verified (实名认证 passed) and when the face was last
/// re-checked live. Asked by consent (by which means a party answered) and signatures (who
/// may sign), answered by identity from its tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdentityStanding {
    pub verified: bool,
    pub rechecked_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub type IdentityQuery =
    for<'a> fn(&'a AppState, &'a Account) -> Boxed<'a, ApiResult<IdentityStanding>>;

/// Whether an account signed the document as it is now (its current SHA-256): asked by service
/// (an address confirmation is in force once signed), answered by signatures.
pub type DocumentSignedQuery = for<'a> fn(&'a AppState, i64, i64) -> Boxed<'a, ApiResult<bool>>;

/// What a capability does, inside the signing transaction, when someone signs one of the
/// documents it filed (service: an address confirmation comes into force), so that the change
/// is in the same commit as the signature and reaches every cache with it. Told by signatures
/// with the case, the document and the signer.
pub type SignedHook = for<'a> fn(
    &'a mut Tx,
    chrono::DateTime<chrono::Utc>,
    i64,
    i64,
    i64,
) -> Boxed<'a, anyhow::Result<()>>;

#[derive(Default)]
pub struct Registry {
    pub deadlines: Scheduler<AppState>,
    detail_parts: Vec<(&'static str, DetailPart)>,
    actions: Vec<(&'static str, ActionHandler)>,
    face_recheck: Option<FaceRecheckQuery>,
    identity: Option<IdentityQuery>,
    document_signed: Option<DocumentSignedQuery>,
    signed_hooks: Vec<(&'static str, SignedHook)>,
}

impl Registry {
    /// Adds a part of the case detail; `name` is the capability's.
    pub fn detail_part(&mut self, name: &'static str, part: DetailPart) {
        assert!(
            self.detail_parts.iter().all(|(n, _)| *n != name),
            "the case-detail part {name} is registered twice"
        );
        self.detail_parts.push((name, part));
    }

    pub fn detail_parts(&self) -> impl Iterator<Item = DetailPart> + '_ {
        self.detail_parts.iter().map(|(_, p)| *p)
    }

    /// Adds the handler of one outbox action, by its wire `kind` (`send_message`, …).
    pub fn action(&mut self, kind: &'static str, handler: ActionHandler) {
        assert!(
            self.action_for(kind).is_none(),
            "the outbox action {kind} is registered twice"
        );
        self.actions.push((kind, handler));
    }

    pub fn action_for(&self, kind: &str) -> Option<ActionHandler> {
        self.actions
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, h)| *h)
    }

    /// Who answers whether a face was re-checked lately (identity).
    pub fn answer_face_recheck(&mut self, query: FaceRecheckQuery) {
        assert!(
            self.face_recheck.is_none(),
            "the face re-check is answered twice"
        );
        self.face_recheck = Some(query);
    }

    /// Whether `account_id`'s face was checked live within `within`; false where nothing
    /// answers (no re-check can be shown, so nothing that needs one is let through).
    pub async fn face_rechecked(
        &self,
        state: &AppState,
        account_id: i64,
        within: chrono::Duration,
    ) -> ApiResult<bool> {
        match self.face_recheck {
            Some(query) => query(state, account_id, within).await,
            None => Ok(false),
        }
    }

    /// Who answers where an account stands in identity (identity).
    pub fn answer_identity(&mut self, query: IdentityQuery) {
        assert!(self.identity.is_none(), "identity is answered twice");
        self.identity = Some(query);
    }

    /// Where `account` stands in identity; not verified and never re-checked where nothing
    /// answers (so nothing that needs a verified person is let through).
    pub async fn identity_of(
        &self,
        state: &AppState,
        account: &Account,
    ) -> ApiResult<IdentityStanding> {
        match self.identity {
            Some(query) => query(state, account).await,
            None => Ok(IdentityStanding::default()),
        }
    }

    /// Who answers whether a document was signed (signatures).
    pub fn answer_document_signed(&mut self, query: DocumentSignedQuery) {
        assert!(
            self.document_signed.is_none(),
            "document signing is answered twice"
        );
        self.document_signed = Some(query);
    }

    /// Whether `account_id` signed `document_id` as it is now; false where nothing answers.
    pub async fn document_signed(
        &self,
        state: &AppState,
        document_id: i64,
        account_id: i64,
    ) -> ApiResult<bool> {
        match self.document_signed {
            Some(query) => query(state, document_id, account_id).await,
            None => Ok(false),
        }
    }

    /// Adds what `name` does when a document is signed (see [`SignedHook`]).
    pub fn on_document_signed(&mut self, name: &'static str, hook: SignedHook) {
        assert!(
            self.signed_hooks.iter().all(|(n, _)| *n != name),
            "the signing hook of {name} is registered twice"
        );
        self.signed_hooks.push((name, hook));
    }

    /// Tells every capability that registered a hook that `account_id` signed `document_id` of
    /// `case_id`, inside the signing transaction `tx`.
    pub async fn document_was_signed(
        &self,
        tx: &mut Tx,
        now: chrono::DateTime<chrono::Utc>,
        case_id: i64,
        document_id: i64,
        account_id: i64,
    ) -> anyhow::Result<()> {
        for (name, hook) in &self.signed_hooks {
            hook(tx, now, case_id, document_id, account_id)
                .await
                .map_err(|e| e.context(format!("the signing hook of {name}")))?;
        }
        Ok(())
    }

    pub fn action_kinds(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.actions.iter().map(|(k, _)| *k)
    }
}

/// Fills every registered part of these details.
pub async fn fill_parts(
    registry: &Registry,
    db: &Db,
    caller: &Account,
    details: &mut [CaseDetail],
) -> sqlx::Result<()> {
    if details.is_empty() {
        return Ok(());
    }
    for part in registry.detail_parts() {
        part(db, caller, details).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuses<'a>(
        _: &'a AppState,
        _: &'a Account,
        _: &'a mut Tx,
        _: &'a ActionRequest,
    ) -> Boxed<'a, ActionOutcome> {
        Box::pin(async { Ok(Err(Failure::not_found())) })
    }

    fn fills_nothing<'a>(
        _: &'a Db,
        _: &'a Account,
        _: &'a mut [CaseDetail],
    ) -> Boxed<'a, sqlx::Result<()>> {
        Box::pin(async { Ok(()) })
    }

    #[test]
    fn an_action_is_found_by_its_kind_only() {
        let mut r = Registry::default();
        r.action("send_message", refuses);
        assert!(r.action_for("send_message").is_some());
        assert!(r.action_for("submit_filing").is_none());
        assert!(r.action_for("").is_none());
        assert_eq!(r.action_kinds().collect::<Vec<_>>(), ["send_message"]);
    }

    #[test]
    #[should_panic(expected = "registered twice")]
    fn one_action_kind_has_one_handler() {
        let mut r = Registry::default();
        r.action("send_message", refuses);
        r.action("send_message", refuses);
    }

    #[test]
    #[should_panic(expected = "registered twice")]
    fn one_capability_has_one_part_of_the_detail() {
        let mut r = Registry::default();
        r.detail_part("filing", fills_nothing);
        r.detail_part("filing", fills_nothing);
    }
}
