//! Identity (实名认证): the ID number, the phone code, the consent to face processing, a
//! lawyer's licence, assisted sessions, and the officers' face review queue.

use ecourt_api::{
    Account, ConsentRecord, ConsentText, DevSms, FaceReviewDecision, FaceReviewQueue,
    FaceReviewResult, IdNumberCheck, IdentityStatus, PartyFound, PhoneCodeSent, PhoneVerified,
};

commands! {
    fn check_id_number(app, id_number: String) -> IdNumberCheck {
        Ok(app.check_id_number(&id_number))
    }

    fn identity_status(app) -> IdentityStatus {
        app.identity_status().await
    }

    fn send_phone_code(app, phone: String) -> PhoneCodeSent {
        app.send_phone_code(&phone).await
    }

    fn verify_phone_code(app, phone: String, code: String) -> PhoneVerified {
        app.verify_phone_code(&phone, &code).await
    }

    /// The embedded court's texts to this account (the demo's messages panel).
    fn demo_messages(app, phone: String) -> Vec<DevSms> {
        app.demo_messages(&phone).await
    }

    fn biometric_consent_text(app) -> ConsentText {
        app.biometric_consent_text().await
    }

    fn answer_biometric_consent(app, version: String, accepted: bool) -> ConsentRecord {
        app.answer_biometric_consent(&version, accepted).await
    }

    fn set_lawyer_licence(app, licence_number: String, law_firm: String) -> IdentityStatus {
        app.set_lawyer_licence(&licence_number, &law_firm).await
    }

    /// A legal worker starts a party's verification on this machine.
    fn find_party(
        app,
        name: String,
        id_number: Option<String>,
        phone: Option<String>,
        username: Option<String>,
    ) -> PartyFound {
        app.find_party(&name, id_number.as_deref(), phone.as_deref(), username.as_deref())
            .await
    }

    fn start_assisted(app, username: String, code: Option<String>) -> Account {
        app.start_assisted(&username, code.as_deref()).await
    }

    fn end_assisted(app) -> () {
        app.end_assisted().await;
        Ok(())
    }

    fn face_reviews(app) -> FaceReviewQueue {
        app.face_reviews().await
    }

    fn decide_face_review(
        app,
        id: i64,
        decision: FaceReviewDecision,
        reason: String,
    ) -> FaceReviewResult {
        app.decide_face_review(id, decision, reason).await
    }
}
