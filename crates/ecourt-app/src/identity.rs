//! Real-name identity on the desktop: the identity number checked as it is typed (the same
//! domain rule the court runs), and the one-time code to the user's mobile number, which only the
//! court can confirm. In the embedded mode the development gateway's text messages are shown
//! in the window, since no phone receives them.

use crate::{App, AppError, AppErrorCode, AppResult};
use ecourt_api::Account;
use ecourt_api::{
    ConsentAnswer, ConsentKind, ConsentRecord, ConsentText, DevSms, IdNumberCheck, IdentityStatus,
    LawyerLicence, PhoneCodeSent, PhoneVerified,
};
use ecourt_sync::CourtClient;

impl App {
    /// The court client for the identity screen: the assisted party's session while a legal
    /// worker runs a party's verification, else the signed-in account's.
    pub(crate) async fn identity_client(&self) -> AppResult<CourtClient> {
        if let Some((_, token)) = &*self.assisted.lock().await {
            return Ok(self.court.signed_in(token));
        }
        self.online_client().await
    }

    /// A legal worker starts a party's verification on this machine (the party's own phone
    /// and face; the court records it as assisted).
    pub async fn start_assisted(&self, username: &str, code: Option<&str>) -> AppResult<Account> {
        let session = self
            .online_client()
            .await?
            .start_assisted(username, code)
            .await?;
        *self.assisted.lock().await = Some((session.party.clone(), session.token));
        Ok(session.party)
    }

    /// Ends an assisted verification; the screen returns to the worker's own account.
    pub async fn end_assisted(&self) {
        *self.assisted.lock().await = None;
    }

    /// Checks an identity number as typed, locally (the court checks again).
    pub fn check_id_number(&self, input: &str) -> IdNumberCheck {
        let today = crate::clock::court_date(self.now());
        ecourt_domain::IdNumber::parse(input, today).into()
    }

    pub async fn identity_status(&self) -> AppResult<IdentityStatus> {
        Ok(self.identity_client().await?.identity_status().await?)
    }

    pub async fn send_phone_code(&self, phone: &str) -> AppResult<PhoneCodeSent> {
        if ecourt_domain::phone::MobileNumber::parse(phone).is_none() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "a mobile number has 11 digits and starts with 13 to 19",
            ));
        }
        Ok(self.identity_client().await?.send_phone_code(phone).await?)
    }

    pub async fn verify_phone_code(&self, phone: &str, code: &str) -> AppResult<PhoneVerified> {
        Ok(self
            .identity_client()
            .await?
            .verify_phone_code(phone, code)
            .await?)
    }

    /// The demo court's text messages to a number (the embedded mode's messages panel).
    pub async fn demo_messages(&self, phone: &str) -> AppResult<Vec<DevSms>> {
        if self.embedded.is_none() {
            return Ok(vec![]);
        }
        Ok(self.identity_client().await?.dev_sms(phone).await?)
    }

    /// The court's text of the biometric consent, shown before any capture.
    pub async fn biometric_consent_text(&self) -> AppResult<ConsentText> {
        Ok(self.identity_client().await?.consent_text().await?)
    }

    /// Gives, refuses or withdraws the biometric consent for the text shown (its version).
    pub async fn answer_biometric_consent(
        &self,
        version: &str,
        accepted: bool,
    ) -> AppResult<ConsentRecord> {
        let answer = ConsentAnswer {
            kind: ConsentKind::Biometric,
            version: version.into(),
            accepted,
        };
        Ok(self
            .identity_client()
            .await?
            .answer_consent(&answer)
            .await?)
    }

    pub async fn set_lawyer_licence(
        &self,
        licence_number: &str,
        law_firm: &str,
    ) -> AppResult<IdentityStatus> {
        if !ecourt_domain::filing::is_lawyer_licence(licence_number) {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "a practising certificate number has 17 digits",
            ));
        }
        let licence = LawyerLicence {
            licence_number: licence_number.trim().into(),
            law_firm: law_firm.trim().into(),
        };
        Ok(self
            .online_client()
            .await?
            .set_lawyer_licence(&licence)
            .await?)
    }
}
