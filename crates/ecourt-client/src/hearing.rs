//! Hearings: the answer on an online hearing, the rules, the join token, the record, and the
//! probe the device check times.

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::{hearing, path};
use ecourt_api::{
    CourtroomRules, HearingConsentRequest, HearingRecord, HearingSummary, JoinToken,
    JoinTokenRequest, ScheduleHearingRequest,
};

impl CourtClient {
    pub async fn hearing_consent(
        &self,
        hearing_id: i64,
        answer: &HearingConsentRequest,
    ) -> Result<HearingSummary, ClientError> {
        let url = self.url(&path(hearing::CONSENT, &[&hearing_id]));
        self.call(self.http.post(url).json(answer)).await
    }

    /// The court's staff move a hearing not yet opened (改期).
    pub async fn move_hearing(
        &self,
        hearing_id: i64,
        to: &ScheduleHearingRequest,
    ) -> Result<HearingSummary, ClientError> {
        let url = self.url(&path(hearing::MOVE, &[&hearing_id]));
        self.call(self.http.post(url).json(to)).await
    }

    pub async fn courtroom_rules(&self) -> Result<CourtroomRules, ClientError> {
        self.call(self.http.get(self.url(hearing::RULES))).await
    }

    pub async fn join_token(
        &self,
        hearing_id: i64,
        req: &JoinTokenRequest,
    ) -> Result<JoinToken, ClientError> {
        let url = self.url(&path(hearing::JOIN_TOKENS, &[&hearing_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn hearing_record(&self, hearing_id: i64) -> Result<HearingRecord, ClientError> {
        let url = self.url(&path(hearing::RECORD, &[&hearing_id]));
        self.call(self.http.get(url)).await
    }

    /// Fetches `bytes` bytes from the court; returns how many arrived.
    pub async fn probe(&self, bytes: usize) -> Result<usize, ClientError> {
        let rb = self
            .http
            .get(self.url(hearing::PROBE))
            .query(&[("bytes", bytes)]);
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(Self::api_error(status, &body));
        }
        Ok(body.len())
    }
}
