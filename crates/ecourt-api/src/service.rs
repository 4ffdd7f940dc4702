//! Service of documents (送达; 民事诉讼法 Art. 90, 《人民法院在线诉讼规则》 Art. 29-32): the address
//! confirmation a person signs, the documents the court serves and to whom, by which channels,
//! on which ground of consent, when each took effect and by which rule, what the recipient did
//! with it (opened, confirmed, disputed, asked for paper), the clerks' tasks of serving
//! otherwise, and the electronic service certificate.
//!
//! (The court service's own health check is `health`, not this.)

use crate::Deadline;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// How a document travels electronically. The platform account and email carry it (email a
/// notice with a one-time code to the document on the platform); SMS only tells the recipient
/// to look (OLR Art. 32), so it never makes service take effect by itself.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceChannel {
    /// 诉讼平台账号: reaches the recipient's account at once.
    Platform,
    /// 电子邮箱: arrives when the receiving mail server accepts it.
    Email,
    /// 短信提示: a notice to look, not a service.
    Sms,
}

impl ServiceChannel {
    pub const ALL: [ServiceChannel; 3] = [
        ServiceChannel::Platform,
        ServiceChannel::Email,
        ServiceChannel::Sms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceChannel::Platform => "platform",
            ServiceChannel::Email => "email",
            ServiceChannel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceChannel> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// On which ground the recipient's consent to electronic service is found (OLR Art. 29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentGround {
    /// Expressly agreed: a signed address confirmation choosing electronic service, or consent
    /// to the service step given in the consent ledger (Art. 29(1)).
    ExpressConsent,
    /// Agreed before the suit to electronic service for disputes (a contract clause the clerk
    /// names) (Art. 29(2)).
    AgreedBeforeSuit,
    /// Gave an electronic address in its own complaint, appeal, application or defence: filed
    /// the case online through the platform account (Art. 29(3)).
    AddressInFiling,
    /// Accepted an earlier electronic service in the case (confirmed it or acted on it) without
    /// objecting (Art. 29(4)).
    AcceptedEarlierService,
}

impl ConsentGround {
    pub const ALL: [ConsentGround; 4] = [
        ConsentGround::ExpressConsent,
        ConsentGround::AgreedBeforeSuit,
        ConsentGround::AddressInFiling,
        ConsentGround::AcceptedEarlierService,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentGround::ExpressConsent => "express_consent",
            ConsentGround::AgreedBeforeSuit => "agreed_before_suit",
            ConsentGround::AddressInFiling => "address_in_filing",
            ConsentGround::AcceptedEarlierService => "accepted_earlier_service",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentGround> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Why a document is (or must now be) served otherwise than electronically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OtherwiseReason {
    /// No ground of consent found (OLR Art. 29).
    NoConsent,
    /// The recipient's address confirmation refuses electronic service.
    Declined,
    /// The court's policy excludes this kind of document from electronic service (the seed
    /// notice: judgments, rulings, mediation statements).
    ExcludedDocument,
    /// Every carrying channel failed (no address, refused, bounced).
    ChannelsFailed,
    /// The recipient's dispute of a presumed service was upheld by the court.
    DisputeUpheld,
}

impl OtherwiseReason {
    pub const ALL: [OtherwiseReason; 5] = [
        OtherwiseReason::NoConsent,
        OtherwiseReason::Declined,
        OtherwiseReason::ExcludedDocument,
        OtherwiseReason::ChannelsFailed,
        OtherwiseReason::DisputeUpheld,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OtherwiseReason::NoConsent => "no_consent",
            OtherwiseReason::Declined => "declined",
            OtherwiseReason::ExcludedDocument => "excluded_document",
            OtherwiseReason::ChannelsFailed => "channels_failed",
            OtherwiseReason::DisputeUpheld => "dispute_upheld",
        }
    }

    pub fn parse(s: &str) -> Option<OtherwiseReason> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// By which rule of OLR Art. 31 (or otherwise) service took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EffectRule {
    /// Reached the system of an address the recipient gave or confirmed (Art. 31(1)).
    ArrivedAtConfirmedAddress,
    /// At an address not confirmed: the recipient replied that they received it (Art. 31(2)).
    ReceiptConfirmed,
    /// At an address not confirmed: the recipient acted on it (Art. 31(2)).
    ActedOn,
    /// At an address not confirmed: presumed when the system reports it was read (Art. 31(2)),
    /// unless the recipient proves otherwise.
    PresumedRead,
    /// Served otherwise (post, in person, …) as the clerk recorded.
    ServedOtherwise,
}

impl EffectRule {
    pub const ALL: [EffectRule; 5] = [
        EffectRule::ArrivedAtConfirmedAddress,
        EffectRule::ReceiptConfirmed,
        EffectRule::ActedOn,
        EffectRule::PresumedRead,
        EffectRule::ServedOtherwise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EffectRule::ArrivedAtConfirmedAddress => "arrived_at_confirmed_address",
            EffectRule::ReceiptConfirmed => "receipt_confirmed",
            EffectRule::ActedOn => "acted_on",
            EffectRule::PresumedRead => "presumed_read",
            EffectRule::ServedOtherwise => "served_otherwise",
        }
    }

    pub fn parse(s: &str) -> Option<EffectRule> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where one service stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    /// Sent electronically, not yet in effect (an unconfirmed address waiting for the
    /// recipient).
    Pending,
    /// In effect (see `effect`).
    Effective,
    /// A presumed service the recipient disputes; the court decides.
    Disputed,
    /// To be served otherwise: a clerk's task is open.
    Otherwise,
}

impl ServiceState {
    pub const ALL: [ServiceState; 4] = [
        ServiceState::Pending,
        ServiceState::Effective,
        ServiceState::Disputed,
        ServiceState::Otherwise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceState::Pending => "pending",
            ServiceState::Effective => "effective",
            ServiceState::Disputed => "disputed",
            ServiceState::Otherwise => "otherwise",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceState> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One channel's attempt to carry one served document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceDelivery {
    pub channel: ServiceChannel,
    /// The platform account's user name, the email address, the mobile number (masked for
    /// anyone but the recipient and the court).
    pub address: String,
    /// The recipient gave or confirmed this address (address confirmation, or filed online
    /// through this account): arrival is then the effect (OLR Art. 31(1)).
    pub address_confirmed: bool,
    pub sent_at: String,
    /// When it reached the address's system (the account at once; the receiving mail server's
    /// acceptance).
    pub arrived_at: Option<String>,
    /// Why it did not arrive (a refusal, a bounce, no gateway).
    pub failure: Option<String>,
}

/// When and by which rule service took effect, with the article and the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceEffect {
    pub at: String,
    pub rule: EffectRule,
    /// The channel whose effect counts (the earliest), none when served otherwise.
    pub channel: Option<ServiceChannel>,
    /// The article applied, e.g. `《人民法院在线诉讼规则》第三十一条第一款`.
    pub article: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OtherwiseMethod {
    /// 邮寄送达.
    Post,
    /// 直接送达.
    InPerson,
    /// 留置送达.
    LeftAtAddress,
    /// 公告送达.
    Announcement,
}

impl OtherwiseMethod {
    pub const ALL: [OtherwiseMethod; 4] = [
        OtherwiseMethod::Post,
        OtherwiseMethod::InPerson,
        OtherwiseMethod::LeftAtAddress,
        OtherwiseMethod::Announcement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OtherwiseMethod::Post => "post",
            OtherwiseMethod::InPerson => "in_person",
            OtherwiseMethod::LeftAtAddress => "left_at_address",
            OtherwiseMethod::Announcement => "announcement",
        }
    }

    pub fn parse(s: &str) -> Option<OtherwiseMethod> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A dispute of a presumed service (OLR Art. 31(2): a system error, or someone else read it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceDispute {
    pub reason: String,
    pub at: String,
    /// The court's decision, once made.
    pub decision: Option<DisputeDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DisputeDecision {
    /// Upheld: the presumption falls and the document is served again otherwise.
    pub upheld: bool,
    pub reason: String,
    pub at: String,
    pub by: String,
}

/// How a clerk served a document otherwise, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServedOtherwise {
    pub method: OtherwiseMethod,
    /// When it was served (RFC 3339).
    pub at: String,
    pub note: Option<String>,
    pub by: String,
}

/// One document served to one recipient (a 送达 of the case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServedDocument {
    pub id: i64,
    pub case_id: i64,
    pub document_id: i64,
    pub document_title: String,
    pub document_kind: String,
    /// The SHA-256 of the document as served.
    pub document_sha256: String,
    pub recipient_account_id: i64,
    pub recipient_name: String,
    pub served_by: String,
    pub served_at: String,
    pub state: ServiceState,
    /// Served electronically (a ground was found and the document may go electronically).
    pub electronic: bool,
    pub ground: Option<ConsentGround>,
    pub otherwise_reason: Option<OtherwiseReason>,
    pub deliveries: Vec<ServiceDelivery>,
    /// When the recipient opened it, by their app's clock (also offline).
    pub opened_at: Option<String>,
    /// When the court learnt of the opening.
    pub opened_learned_at: Option<String>,
    pub receipt_confirmed_at: Option<String>,
    pub acted_at: Option<String>,
    pub effect: Option<ServiceEffect>,
    pub dispute: Option<ServiceDispute>,
    pub paper_copy_requested_at: Option<String>,
    pub served_otherwise: Option<ServedOtherwise>,
    /// The period service started (答辩期, 上诉期) with its last day.
    pub deadline: Option<Deadline>,
    /// The last electronic service certificate made for it.
    pub certificate_document_id: Option<i64>,
}

/// A version of a person's address confirmation (送达地址确认书) in one case. It applies to the
/// whole case, appeal and enforcement included, until a new version replaces it; it is in force
/// once its document is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AddressConfirmation {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub version: i64,
    /// Agrees to electronic service.
    pub consent_electronic: bool,
    /// The platform account as an electronic address.
    pub platform: bool,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub postal_address: Option<String>,
    /// The confirmation as a document of the case, to be signed through the signatures route.
    pub document_id: i64,
    pub document_sha256: String,
    pub created_at: String,
    pub signed: bool,
    /// The latest signed version: what service goes by.
    pub in_force: bool,
}

/// What a person confirms (a new version of their address confirmation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AddressConfirmationRequest {
    pub consent_electronic: bool,
    pub platform: bool,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub postal_address: Option<String>,
}

/// The case's part of service: the documents served (to the caller; court staff: all) and the
/// address confirmations (the caller's; court staff: everyone's), every version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseService {
    pub served: Vec<ServedDocument>,
    pub address_confirmations: Vec<AddressConfirmation>,
}

/// A recipient to serve, as the clerk chooses them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServeRecipient {
    pub account_id: i64,
    /// The pre-suit agreement to electronic service the clerk found (e.g. `借款合同第12条`),
    /// when there is one (OLR Art. 29(2)).
    pub agreed_before_suit: Option<String>,
}

/// Serve documents of the case to recipients by the channels chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServeRequest {
    pub document_ids: Vec<i64>,
    pub recipients: Vec<ServeRecipient>,
    /// The channels to use where the recipient has the address (platform, email, SMS notice).
    pub channels: Vec<ServiceChannel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServeResult {
    /// One per document and recipient.
    pub served: Vec<ServedDocument>,
    /// How many were queued to be served otherwise.
    pub tasks_opened: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceList {
    pub served: Vec<ServedDocument>,
}

/// An electronic address the court knows for a recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct KnownAddress {
    pub channel: ServiceChannel,
    pub address: String,
    pub confirmed: bool,
}

/// A person of the case who can be served, with the consent ground the court finds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceRecipient {
    pub account_id: i64,
    pub name: String,
    pub role: ecourt_domain::CaseRole,
    /// None: no ground found (or declined): served otherwise.
    pub ground: Option<ConsentGround>,
    /// Their address confirmation refuses electronic service.
    pub declined: bool,
    pub addresses: Vec<KnownAddress>,
    pub postal_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceRecipients {
    pub recipients: Vec<ServiceRecipient>,
}

/// The court decides a recipient's dispute of a presumed service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DisputeDecisionRequest {
    pub upheld: bool,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceTaskKind {
    /// Serve otherwise (no consent, an excluded document, a dispute upheld).
    ServeOtherwise,
    /// An email was refused or bounced: serve again otherwise or by another channel.
    Bounce,
    /// Supply the paper copy the recipient asked for (CPL Art. 90).
    PaperCopy,
    /// A dispute of a presumed service waits for the court's decision.
    Dispute,
}

impl ServiceTaskKind {
    pub const ALL: [ServiceTaskKind; 4] = [
        ServiceTaskKind::ServeOtherwise,
        ServiceTaskKind::Bounce,
        ServiceTaskKind::PaperCopy,
        ServiceTaskKind::Dispute,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceTaskKind::ServeOtherwise => "serve_otherwise",
            ServiceTaskKind::Bounce => "bounce",
            ServiceTaskKind::PaperCopy => "paper_copy",
            ServiceTaskKind::Dispute => "dispute",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceTaskKind> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A clerk's task of the service queue (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceTask {
    pub id: i64,
    pub kind: ServiceTaskKind,
    pub case_id: i64,
    pub case_number: Option<String>,
    pub service_id: i64,
    pub document_title: String,
    pub recipient_name: String,
    pub postal_address: Option<String>,
    pub reason: Option<OtherwiseReason>,
    /// What happened, in the court's words (the mail server's refusal, the dispute's reason).
    pub detail: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceTasks {
    pub tasks: Vec<ServiceTask>,
}

/// The clerk records how a task was done: served otherwise (or the paper copy sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct TaskDoneRequest {
    pub method: OtherwiseMethod,
    /// When it was served (RFC 3339); not in the future.
    pub at: String,
    pub note: Option<String>,
}

/// Which rule decides what may be served electronically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServicePolicyRule {
    /// The seed notice: judgments, rulings and mediation statements are not served
    /// electronically (the default).
    SeedNotice,
    /// 民事诉讼法 (2023) Art. 90: allowed with consent, paper supplied on request.
    National,
}

impl ServicePolicyRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ServicePolicyRule::SeedNotice => "seed_notice",
            ServicePolicyRule::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<ServicePolicyRule> {
        [ServicePolicyRule::SeedNotice, ServicePolicyRule::National]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// The court's service policy in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServicePolicy {
    pub rule: ServicePolicyRule,
    /// Document kinds not served electronically under the rule.
    pub excluded_kinds: Vec<String>,
    /// Document kinds a recipient may ask a paper copy of.
    pub paper_copy_kinds: Vec<String>,
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServicePolicyRequest {
    pub rule: ServicePolicyRule,
}

/// The electronic service certificate (电子送达凭证) filed as a document of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ServiceCertificate {
    pub service_id: i64,
    pub document_id: i64,
    pub sha256: String,
    pub title: String,
}
