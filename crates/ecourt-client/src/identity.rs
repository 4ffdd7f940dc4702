//! Real-name identity: the account's status, phone codes, consents, the lawyer's licence, the
//! ID card and face verification, the court's face reviews, and assisted sessions.

use crate::{ClientError, CourtClient};
use ecourt_api::routes::{identity, path};
use ecourt_api::{
    AssistedSession, AssistedSessionRequest, CardAccepted, ConsentAnswer, ConsentRecord,
    ConsentText, DevSms, FaceChallenge, FaceChallengeRequest, FacePurpose,
    FaceReviewDecisionRequest, FaceReviewQueue, FaceReviewResult, FaceVerification,
    FaceVerificationRequest, IdentityStatus, LawyerLicence, PartyFound, PartyLookupRequest,
    PhoneCodeRequest, PhoneCodeSent, PhoneVerified, PhoneVerifyRequest,
};

impl CourtClient {
    pub async fn identity_status(&self) -> Result<IdentityStatus, ClientError> {
        self.call(self.http.get(self.url(identity::ME))).await
    }

    pub async fn send_phone_code(&self, phone: &str) -> Result<PhoneCodeSent, ClientError> {
        let body = PhoneCodeRequest {
            phone: phone.into(),
        };
        self.call(self.http.post(self.url(identity::PHONE_CODE)).json(&body))
            .await
    }

    pub async fn verify_phone_code(
        &self,
        phone: &str,
        code: &str,
    ) -> Result<PhoneVerified, ClientError> {
        let body = PhoneVerifyRequest {
            phone: phone.into(),
            code: code.into(),
        };
        self.call(self.http.post(self.url(identity::PHONE_VERIFY)).json(&body))
            .await
    }

    /// The development SMS gateway's messages to a number (demo courts only).
    pub async fn dev_sms(&self, phone: &str) -> Result<Vec<DevSms>, ClientError> {
        let rb = self
            .http
            .get(self.url(identity::DEV_SMS))
            .query(&[("phone", phone)]);
        self.call(rb).await
    }

    /// A legal worker's session acting for a party on the identity routes, with the code the
    /// party typed in (without it, a party with a verified phone is sent one first).
    /// A legal worker finds the party in front of them by name and ID number or phone.
    pub async fn lookup_party(&self, req: &PartyLookupRequest) -> Result<PartyFound, ClientError> {
        self.call(
            self.http
                .post(self.url(identity::ASSISTED_PARTY_LOOKUP))
                .json(req),
        )
        .await
    }

    pub async fn start_assisted(
        &self,
        username: &str,
        code: Option<&str>,
    ) -> Result<AssistedSession, ClientError> {
        let body = AssistedSessionRequest {
            username: username.into(),
            code: code.map(Into::into),
        };
        self.call(
            self.http
                .post(self.url(identity::ASSISTED_SESSIONS))
                .json(&body),
        )
        .await
    }

    /// The face side of the caller's ID card (JPEG or PNG).
    pub async fn put_id_card(
        &self,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<CardAccepted, ClientError> {
        let rb = self
            .http
            .put(self.url(identity::ID_CARD))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(bytes);
        self.call(rb).await
    }

    pub async fn face_challenge(&self, purpose: FacePurpose) -> Result<FaceChallenge, ClientError> {
        let body = FaceChallengeRequest { purpose };
        self.call(
            self.http
                .post(self.url(identity::FACE_CHALLENGES))
                .json(&body),
        )
        .await
    }

    pub async fn face_verification(
        &self,
        req: &FaceVerificationRequest,
    ) -> Result<FaceVerification, ClientError> {
        self.call(
            self.http
                .post(self.url(identity::FACE_VERIFICATIONS))
                .json(req),
        )
        .await
    }

    /// Doubtful face verifications waiting at the caller's court (staff).
    pub async fn face_reviews(&self) -> Result<FaceReviewQueue, ClientError> {
        self.call(self.http.get(self.url(identity::FACE_REVIEWS)))
            .await
    }

    pub async fn decide_face_review(
        &self,
        id: i64,
        req: &FaceReviewDecisionRequest,
    ) -> Result<FaceReviewResult, ClientError> {
        let url = self.url(&path(identity::FACE_REVIEW_DECISION, &[&id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn consent_text(&self) -> Result<ConsentText, ClientError> {
        self.call(self.http.get(self.url(identity::BIOMETRIC_CONSENT)))
            .await
    }

    pub async fn answer_consent(
        &self,
        answer: &ConsentAnswer,
    ) -> Result<ConsentRecord, ClientError> {
        self.call(self.http.post(self.url(identity::CONSENTS)).json(answer))
            .await
    }

    pub async fn set_lawyer_licence(
        &self,
        licence: &LawyerLicence,
    ) -> Result<IdentityStatus, ClientError> {
        self.call(
            self.http
                .put(self.url(identity::LAWYER_LICENCE))
                .json(licence),
        )
        .await
    }
}
