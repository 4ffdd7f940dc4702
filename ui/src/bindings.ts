// Generated from the Rust types by crates/ecourt-app/src/bindings.rs. Do not edit by hand.

export type AccountKind = "party" | "lawyer" | "legal_worker" | "clerk" | "judge";

export type CaseRole = "plaintiff" | "defendant" | "third_party" | "agent" | "judge" | "clerk" | "mediator";

export type CaseStage = "filing_review" | "mediation" | "awaiting_hearing" | "in_trial" | "closed";

export type CaseType = "civil_first_instance" | "civil_second_instance" | "civil_special_procedure" | "pre_litigation_mediation" | "enforcement" | "administrative_first_instance";

export type Account = { id: number, username: string, 
/**
 * The person's name as verified (实名).
 */
display_name: string, kind: AccountKind, 
/**
 * The court a staff account belongs to (法院代字), none for parties and lawyers.
 */
court_code: string | null, };

export type Deadline = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, label: string, };

export type CaseSummary = { id: number, 
/**
 * 案号; none while the filing application is under review.
 */
case_number: string | null, court_code: string, court_name: string, 
/**
 * 案由, e.g. 民间借贷纠纷.
 */
cause: string, case_type: CaseType, stage: CaseStage, 
/**
 * The caller's roles in this case (empty for court staff who see it through their court).
 */
my_roles: Array<CaseRole>, next_deadline: Deadline | null, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

export type CaseParticipant = { name: string, role: CaseRole, 
/**
 * For an agent: the name of the party they act for.
 */
represents: string | null, 
/**
 * For lawyers: the firm; for organisations: their kind.
 */
note: string | null, };

export type CaseEvent = { id: number, 
/**
 * RFC 3339, UTC.
 */
at: string, 
/**
 * A stable machine kind, e.g. `filed`, `registered`, `hearing_scheduled`, `party_message`.
 */
kind: string, title: string, detail: string | null, 
/**
 * The name of whoever did it, as the server knows them.
 */
actor: string | null, };

export type CaseDocument = { id: number, title: string, 
/**
 * e.g. `complaint` 起诉状, `evidence` 证据, `notice` 通知书, `summons` 传票.
 */
kind: string, mime_type: string, size_bytes: number, 
/**
 * Hex SHA-256 of the content: the client stores and verifies content by it.
 */
sha256: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, };

export type CaseDetail = { summary: CaseSummary, participants: Array<CaseParticipant>, events: Array<CaseEvent>, documents: Array<CaseDocument>, 
/**
 * The filing application behind the case, for the filer and the court.
 */
filing: FilingState | null, 
/**
 * The case's hearings (开庭), with who attends and how.
 */
hearings: Array<HearingSummary>, 
/**
 * The case's evidence as the caller may see it (证据交换), once any was given or an
 * exchange or period set.
 */
evidence: CaseEvidence | null, 
/**
 * Documents served (送达) and address confirmations, as the caller may see them.
 */
service: CaseService, };

export type ActionBody = { "kind": "send_message", case_id: number, text: string, } | { "kind": "submit_filing", draft_id: string, application: FilingApplication, } | { "kind": "resubmit_filing", case_id: number, application: FilingApplication, } | { "kind": "give_evidence_opinion", case_id: number, item_id: number, written_at: string, opinion: OpinionRequest, } | { "kind": "record_evidence_view", case_id: number, item_id: number, version: number, viewed_at: string, } | { "kind": "open_served_document", case_id: number, service_id: number, opened_at: string, } | { "kind": "confirm_service_receipt", case_id: number, service_id: number, } | { "kind": "dispute_service", case_id: number, service_id: number, reason: string, } | { "kind": "request_paper_copy", case_id: number, service_id: number, };

export type OutboxState = "pending" | "applied" | "rejected";

export type OutboxEntry = { mutation_id: number, case_id: number | null, action: ActionBody, created_at: string, state: OutboxState, attempts: number, 
/**
 * The last reason a send failed (network, server), for the status line.
 */
last_error: string | null, 
/**
 * The court's refusal, for rejected entries: its detail, in English.
 */
rejection: string | null, };

export type Connection = "unknown" | "online" | "offline" | "session_expired";

export type SyncStatus = { connection: Connection, syncing: boolean, 
/**
 * RFC 3339 time of the last complete sync.
 */
last_synced_at: string | null, 
/**
 * Actions waiting to be sent.
 */
pending_actions: number, 
/**
 * Actions the court refused, for the user to read.
 */
rejected_actions: number, last_error: string | null, };

export type AppErrorCode = "invalid_credentials" | "too_many_attempts" | "offline" | "not_signed_in" | "session_expired" | "not_found" | "invalid_input" | "invalid_text" | "rate_limited" | "too_many_open_requests" | "date_out_of_range" | "newer_database" | "storage" | "conflict" | "forbidden" | "wrong_code" | "code_expired" | "picture_rejected" | "picture_unreadable" | "picture_no_face" | "picture_several_faces" | "picture_turned" | "picture_too_dark" | "picture_blurred" | "picture_too_small" | "identity_step_missing" | "face_recheck_due" | "face_check_failed" | "server_busy" | "face_template_outdated" | "consent_withdrawal_too_late" | "evidence_period_out_of_range" | "evidence_period_over" | "opinion_on_own_evidence" | "exchange_not_open" | "file_not_what_it_claims" | "service_not_presumed" | "paper_copy_not_applicable" | "camera_unavailable" | "gateway_not_configured" | "party_confirmation_required" | "assisted_change_refused" | "party_phone_required" | "party_not_found" | "party_of_another_court" | "legal_workers_only" | "idle_signed_out" | "not_presiding" | "not_in_hearing" | "not_waiting" | "staff_not_removable" | "request_not_found" | "document_not_in_case" | "wrong_hearing_state" | "not_admitted" | "request_already_open" | "removed_from_hearing" | "hearing_ended" | "attends_in_courtroom" | "token_for_another_hearing" | "media_setup_failed" | "server" | "internal";

export type AppError = { code: AppErrorCode, message: string, };

export type Settings = { 
/**
 * `zh-CN` (default) or `en`.
 */
locale: string, 
/**
 * Larger text and controls for people who need them (适老化大字模式).
 */
large_text: boolean, };

export type DemoAccountView = { username: string, display_name: string, kind: AccountKind, };

export type AppInfo = { version: string, 
/**
 * True when the court service runs inside the app with demo data.
 */
embedded: boolean, court_url: string, 
/**
 * Demo accounts (embedded mode only), all with the demo password.
 */
demo_accounts: Array<DemoAccountView>, demo_password: string | null, 
/**
 * Every stage a case can be in, in the order a case passes through them (the case list's
 * filter offers these).
 */
case_stages: Array<CaseStage>, 
/**
 * Every role a person can hold in a case, mediators included.
 */
case_roles: Array<CaseRole>, };

export type SessionView = { account: Account, 
/**
 * Court staff (clerks, judges) see their court's cases and its queues; the UI asks this
 * instead of deciding it from the account kind itself.
 */
court_staff: boolean, };

export type IdleStatus = { 
/**
 * Seconds until the sign-out while signed in; none when nobody is signed in.
 */
seconds_left: number | null, 
/**
 * The warning is due (within the policy's last `warn_seconds`): any use postpones it.
 */
warning: boolean, 
/**
 * The account was signed out just now for being idle: the screen says so at sign-in.
 */
signed_out_idle: boolean, };

export type IdleSignOut = { 
/**
 * Seconds without use after which the desktop signs the account out.
 */
after_seconds: number, 
/**
 * Seconds before that moment when the desktop warns (and any use postpones it).
 */
warn_seconds: number, };

export type CourtHelp = { 
/**
 * 12368, the people's courts' litigation service hotline.
 */
national_hotline: string, 
/**
 * The court asked for (or the service's only court), with its own number if it has one.
 */
court: CourtContact | null, };

export type CourtContact = { 
/**
 * 法院代字, e.g. 渝0103.
 */
code: string, name: string, 
/**
 * The court's litigation service number (诉讼服务电话), if the court gave one.
 */
phone: string | null, };

export type PartyFound = { username: string, display_name: string, 
/**
 * The verified phone, masked (138****0001), if any: the code for the party goes there.
 */
phone: string | null, };

export type CaseListQuery = { text: string | null, stage: CaseStage | null, role: CaseRole | null, };

export type CaseListItem = { 
/**
 * Whole days from the court's date today to the next deadline: 0 when it falls due today,
 * negative when it has passed; none without a deadline.
 */
days_left: number | null, 
/**
 * The parties the signed-in person acts for as an agent (委托人); empty when they act for
 * nobody.
 */
clients: Array<string>, 
/**
 * The plaintiffs' and the defendants' names, for the list's party column.
 */
plaintiffs: Array<string>, defendants: Array<string>, id: number, 
/**
 * 案号; none while the filing application is under review.
 */
case_number: string | null, court_code: string, court_name: string, 
/**
 * 案由, e.g. 民间借贷纠纷.
 */
cause: string, case_type: CaseType, stage: CaseStage, 
/**
 * The caller's roles in this case (empty for court staff who see it through their court).
 */
my_roles: Array<CaseRole>, next_deadline: Deadline | null, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

export type OutboxView = { 
/**
 * Why the court refused it, for rejected entries.
 */
refusal: AppErrorCode | null, mutation_id: number, case_id: number | null, action: ActionBody, created_at: string, state: OutboxState, attempts: number, 
/**
 * The last reason a send failed (network, server), for the status line.
 */
last_error: string | null, 
/**
 * The court's refusal, for rejected entries: its detail, in English.
 */
rejection: string | null, };

export type CaseView = { detail: CaseDetail, outbox: Array<OutboxView>, };

export type DocumentView = { case_id: number, document_id: number, mime_type: string, 
/**
 * The text, for text documents.
 */
text: string | null, };

export type PartyKind = "person" | "organisation";

export type AgentKind = "lawyer" | "legal_worker" | "other";

export type FileRef = { name: string, mime_type: string, size_bytes: number, 
/**
 * Hex SHA-256 of the content.
 */
sha256: string, };

export type FilingParty = { kind: PartyKind, name: string, 
/**
 * The identity number of a person, the unified social credit code of an organisation.
 * Required for plaintiffs; for a defendant the filer may not know it.
 */
id_number: string, phone: string, 
/**
 * Where documents reach them (送达地址).
 */
address: string, 
/**
 * For an organisation: its legal representative (法定代表人).
 */
representative: string, };

export type FilingAgent = { kind: AgentKind, name: string, 
/**
 * The plaintiff's name the agent acts for.
 */
represents: string, licence_number: string, firm: string, power_of_attorney: FileRef | null, };

export type Claim = { text: string, 
/**
 * Yuan as a decimal string when the claim is about property, e.g. `"150000.00"`.
 */
amount: string | null, };

export type EvidenceItem = { name: string, 
/**
 * 证据来源.
 */
source: string, 
/**
 * 证明目的: what it proves.
 */
proves: string, files: Array<FileRef>, };

export type FilingApplication = { 
/**
 * The court applied to (法院代字), e.g. `渝0103`.
 */
court_code: string, case_type: CaseType, 
/**
 * 案由, e.g. 民间借贷纠纷.
 */
cause: string, plaintiffs: Array<FilingParty>, defendants: Array<FilingParty>, third_parties: Array<FilingParty>, agents: Array<FilingAgent>, 
/**
 * 诉讼请求, one per line.
 */
claims: Array<Claim>, 
/**
 * 事实与理由.
 */
facts_and_reasons: string, 
/**
 * 证据清单.
 */
evidence: Array<EvidenceItem>, };

export type Problem = { field: string, code: string, params: ProblemParams, };

export type ProblemParams = { 
/**
 * The upper limit broken: characters for a text, MB for a file.
 */
max?: number | null, 
/**
 * The file's name, for a file's problem.
 */
file?: string | null, 
/**
 * Which way a value is wrong, where one code covers several (`bad_amount`).
 */
detail?: string | null, };

export type FeeLine = { label: string, 
/**
 * The article the line comes from.
 */
rule: string, 
/**
 * Yuan with two decimals.
 */
amount: string, };

export type FeeQuoteResponse = { 
/**
 * Yuan with two decimals; for fees the law gives as a range, the lower end.
 */
total: string, 
/**
 * The upper end, for fees the law gives as a range (e.g. divorce 50 to 300 yuan).
 */
total_max: string | null, breakdown: Array<FeeLine>, };

export type FilingStatus = "under_review" | "correction_requested" | "returned" | "rejected" | "registered";

export type CorrectionItem = { 
/**
 * The field of the application, e.g. `defendants[0].address`, or `evidence`.
 */
field: string, problem: string, };

export type CorrectionNotice = { issued_at: string, issued_by: string, 
/**
 * `YYYY-MM-DD`, the last day.
 */
deadline: string, items: Array<CorrectionItem>, 
/**
 * When the corrected application arrived.
 */
answered_at: string | null, };

export type FeeStatus = "unpaid" | "paid" | "withdrawn";

export type FeeNotice = { 
/**
 * 交费编号.
 */
payment_number: string, 
/**
 * Yuan with two decimals.
 */
amount: string, breakdown: Array<FeeLine>, issued_at: string, 
/**
 * `YYYY-MM-DD`, the last day to pay.
 */
due_date: string, status: FeeStatus, 
/**
 * What the QR code holds: the payment gateway's address for this payment.
 */
pay_uri: string, paid_at: string | null, 
/**
 * The fiscal electronic receipt (财政电子票据), a document of the case once paid.
 */
receipt_document_id: number | null, };

export type FilingState = { status: FilingStatus, submitted_at: string, 
/**
 * `YYYY-MM-DD`: the last day of the court's 7-day review of the latest submission.
 */
review_due: string, 
/**
 * 1 for the first submission, 2 after the correction.
 */
round: number, application: FilingApplication, 
/**
 * The application as first filed, once it was resubmitted (补正): what the correction
 * changed is the difference from `application`.
 */
first_application: FilingApplication | null, correction: CorrectionNotice | null, 
/**
 * Why it was refused or returned.
 */
decision_reasons: string | null, fee: FeeNotice | null, };

export type ReviewQueueItem = { case_id: number, cause: string, plaintiffs: Array<string>, defendants: Array<string>, status: FilingStatus, submitted_at: string, review_due: string, 
/**
 * Working out the days left is the server's: negative when overdue.
 */
days_left: number, overdue: boolean, round: number, };

export type ReviewQueue = { items: Array<ReviewQueueItem>, };

export type FaceReviewItem = { id: number, account_id: number, username: string, 
/**
 * The name given with the verification, as on the ID card.
 */
claimed_name: string, distance: number, 
/**
 * The deciding model's band: below `match_below` a sure match, above `mismatch_above` a
 * sure mismatch.
 */
match_below: number, mismatch_above: number, model: string, queued_at: string, 
/**
 * The ID card photo, shrunk (JPEG, base64); none when it could not be kept.
 */
card_picture: string | null, 
/**
 * The frames compared (JPEG, base64).
 */
frames: Array<string>, };

export type FaceReviewQueue = { items: Array<FaceReviewItem>, };

export type FaceReviewDecision = "match" | "no_match" | "in_person";

export type FaceReviewResult = { id: number, decision: FaceReviewDecision, decided_at: string, };

export type Registration = { 
/**
 * e.g. （2026）渝0103民初1号.
 */
case_number: string, fee: FeeNotice, };

export type FilingDraft = { id: string, 
/**
 * Set when the draft corrects an application the court sent back for corrections.
 */
case_id: number | null, application: FilingApplication, updated_at: string, 
/**
 * The outbox entry that carries it, once submitted.
 */
submitted_mutation_id: number | null, };

export type FilingCheck = { problems: Array<Problem>, fee: FeeQuoteResponse, 
/**
 * How the acceptance fee of the claimed total is reached, band by band (a property case);
 * empty for a case without a claimed amount.
 */
worked_example: Array<FeeStep>, rules: FeeRules, };

export type FeeStep = { above: string, up_to: string | null, part: string, 
/**
 * Per ten thousand; none for the flat fee of the first band.
 */
rate_bp: number | null, fee: string, };

export type FeeRules = { pay_within_days: number, pay_within_rule: string, not_paid_rule: string, relief_rule: string, 
/**
 * The scale the worked example follows.
 */
scale_rule: string, };

export type NoticeView = { case_id: number, 
/**
 * The case number, or the cause while the case has none.
 */
case_label: string, event_id: number, at: string, kind: string, title: string, detail: string | null, 
/**
 * Opened on this computer by this account (its case was opened since it arrived).
 */
read: boolean, };

export type RefusedKind = "message" | "filing" | "correction" | "evidence_opinion" | "evidence_view" | "service";

export type RefusedAction = { mutation_id: number, kind: RefusedKind, 
/**
 * When the user did it (the outbox's stamp).
 */
created_at: string, 
/**
 * The case it was for, if any (a new filing has none).
 */
case_id: number | null, 
/**
 * What the user will recognise it by: the case number (or cause) of its case, else the
 * cause of action of the application.
 */
label: string, 
/**
 * The court's reason as the desktop's code; the window words it.
 */
refusal: AppErrorCode, 
/**
 * The court's own detail, in English (for the English screen only).
 */
detail: string | null, 
/**
 * The draft that came back editable with the refusal, while it is still unsubmitted.
 */
draft_id: string | null, };

export type ReadKind = "event" | "document";

export type DutyKind = "correction_due" | "fee_due" | "hearing_to_answer" | "document_served" | "request_answered";

export type Duty = { kind: DutyKind, case_id: number, 
/**
 * The case number, or the cause while the case has none.
 */
case_label: string, 
/**
 * The last day (`YYYY-MM-DD`, the court's calendar), when the duty has one.
 */
due_date: string | null, 
/**
 * Whole days from the court's date today to `due_date`: negative when passed.
 */
days_left: number | null, 
/**
 * The hearing, document or event it is about.
 */
item_id: number | null, 
/**
 * The document's kind code (`summons`, `judgment`…) or the event's, for the UI's words.
 */
item_kind: string | null, 
/**
 * When the court did it (RFC 3339), for served documents and answers.
 */
at: string | null, };

export type CourtDateKind = "filing_review" | "hearing";

export type CourtDate = { kind: CourtDateKind, case_id: number, case_label: string, 
/**
 * `YYYY-MM-DD`, the court's calendar.
 */
date: string, days_left: number, 
/**
 * The hearing's start (RFC 3339), for hearings.
 */
at: string | null, item_id: number | null, };

export type TodoList = { 
/**
 * The person's own duties, the most urgent first (those without a date last).
 */
duties: Array<Duty>, 
/**
 * The court's dates, soonest first.
 */
court_dates: Array<CourtDate>, };

export type CalendarEntry = { hearing_id: number, case_id: number, case_label: string, cause: string, court_name: string, court_code: string, courtroom: string, 
/**
 * RFC 3339.
 */
scheduled_at: string, 
/**
 * The court's date of the start, `YYYY-MM-DD`.
 */
date: string, state: HearingState, 
/**
 * How the signed-in person takes part, when summoned.
 */
my_mode: AttendanceMode | null, };

export type CalendarWeek = { 
/**
 * The seven dates, Monday first (`YYYY-MM-DD`).
 */
days: Array<string>, 
/**
 * The court's date today.
 */
today: string, 
/**
 * Any day of the week before and of the week after, to ask for them.
 */
previous: string, next: string, 
/**
 * By start, earliest first.
 */
entries: Array<CalendarEntry>, };

export type IdNumberCheck = { valid: boolean, 
/**
 * Why not, when not: `empty`, `legacy_15_digit`, `wrong_length`, `bad_character`,
 * `unknown_region`, `bad_birth_date`, `future_birth_date`, `bad_check_character`.
 */
code: string | null, message: string | null, 
/**
 * The number in upper case, when valid.
 */
id_number: string | null, 
/**
 * `YYYY-MM-DD`, when valid.
 */
birth_date: string | null, 
/**
 * `male` or `female`, when valid.
 */
sex: string | null, 
/**
 * The place the region code names, e.g. 重庆市渝中区, when valid.
 */
region: string | null, };

export type ConsentKind = "biometric";

export type ConsentRecord = { kind: ConsentKind, version: string, accepted: boolean, at: string, };

export type ConsentText = { kind: ConsentKind, 
/**
 * The SHA-256 prefix of the Chinese text: an answer names the exact text it answers.
 */
version: string, text_zh: string, text_en: string, };

export type IdentityStatus = { 
/**
 * The verified real-name mobile number, as shown (138****0001).
 */
phone: string | null, 
/**
 * The face match that verified this account, if any.
 */
verified: VerifiedIdentity | null, 
/**
 * The last passed re-check (one challenge before mediation, evidence exchange, hearings).
 */
rechecked_at: string | null, 
/**
 * Whether an ID card portrait is on file (its face template, encrypted).
 */
card_on_file: boolean, phone_verified_at: string | null, 
/**
 * The latest answer to the biometric consent, if any.
 */
biometric_consent: ConsentRecord | null, 
/**
 * A lawyer's 17-digit practising certificate number and firm.
 */
licence_number: string | null, law_firm: string | null, };

export type PhoneCodeSent = { 
/**
 * The number as shown: 138****0001.
 */
phone: string, 
/**
 * RFC 3339: the code works until then.
 */
expires_at: string, 
/**
 * RFC 3339: no new code before then.
 */
resend_after: string, };

export type PhoneVerified = { phone: string, verified_at: string, };

export type DevSms = { phone: string, text: string, sent_at: string, };

export type VerifiedIdentity = { name: string, 
/**
 * The identity number, masked (5001**********1234).
 */
id_number: string, verified_at: string, 
/**
 * The face model and threshold the decision used.
 */
model: string, 
/**
 * The legal worker who ran the verification on the party's behalf, if any.
 */
assisted_by: string | null, };

export type ChallengeStep = "blink" | "turn_left" | "turn_right";

export type FacePurpose = "verify" | "recheck";

export type CardAccepted = { accepted_at: string, model: string, };

export type FaceOutcome = "matched" | "not_same_person" | "no_face" | "several_faces" | "too_dark_or_blurred" | "challenge_not_followed" | "still_picture" | "replayed" | "pending_review";

export type FaceVerification = { outcome: FaceOutcome, purpose: FacePurpose, 
/**
 * What went wrong, in plain words (English; the desktop words it from `outcome`).
 */
detail: string, 
/**
 * The largest distance between the card (or verified) template and the live face, when
 * the frames got that far.
 */
distance: number | null, threshold: number, model: string, attempts_left: number, 
/**
 * Set when this attempt verified the account (or passed the re-check).
 */
decided_at: string | null, };

export type CameraView = { id: string, name: string, };

export type CameraGuide = { 
/**
 * Faces the detector finds in the latest checked frame.
 */
faces: number, 
/**
 * Mean grey level of the frame, 0–255.
 */
brightness: number, 
/**
 * Frames per second the preview delivers.
 */
fps: number, };

export type CapturePhase = { "phase": "straight", seconds: number, } | { "phase": "step", index: number, count: number, step: ChallengeStep, seconds: number, } | { "phase": "sending", frames: number, };

export type HearingState = "scheduled" | "open" | "paused" | "ended";

export type ExclusionGround = "refused" | "no_equipment" | "originals_to_check" | "physical_evidence" | "identity_in_person";

export type AttendanceMode = "pending" | "online" | "offline";

export type HearingAttendee = { name: string, role: CaseRole, mode: AttendanceMode, 
/**
 * Why offline, when offline.
 */
ground: ExclusionGround | null, 
/**
 * The caller themselves.
 */
you: boolean, };

export type HearingSummary = { id: number, 
/**
 * When it starts (RFC 3339).
 */
scheduled_at: string, courtroom: string, state: HearingState, attendees: Array<HearingAttendee>, };

export type CourtroomRules = { version: string, rules: Array<string>, declaration: string, };

export type HearingLogEntry = { at: string, 
/**
 * Whom it is about.
 */
name: string, role: CaseRole, 
/**
 * e.g. `connected`, `disconnected`, `reconnected`, `left`, `left_without_permission`,
 * `admitted`, `muted`, `removed`, `paused`, `resumed`, `ended`, `video_stopped`,
 * `video_resumed`, `hand_raised`, `request`.
 */
kind: string, 
/**
 * For a disconnection or leave: [`DisconnectCause`] as text.
 */
cause: string | null, detail: string | null, 
/**
 * Who did it, when someone else than the subject did (the judge admitting, removing).
 */
by: string | null, };

export type HearingRecord = { hearing_id: number, entries: Array<HearingLogEntry>, };

export type DisconnectCause = "left_on_purpose" | "app_closed" | "device_failure" | "network_lost" | "connection_dropped" | "removed" | "replaced" | "hearing_ended";

export type ReconnectReport = { cause: DisconnectCause, attempts: number, 
/**
 * When the client noticed (RFC 3339, the client's clock).
 */
since: string, };

export type ProceduralRequestKind = "recusal" | "present_evidence" | "statement" | "leave";

export type DeviceState = { camera_ok: boolean, microphone_ok: boolean, };

export type ClientSignal = { "type": "hello", reconnect: ReconnectReport | null, } | { "type": "offer", sdp: string, } | { "type": "ping", sent_ms: number, rtt_ms: number | null, } | { "type": "raise_hand", raised: boolean, } | { "type": "request", kind: ProceduralRequestKind, document_id: number | null, note: string | null, } | { "type": "device", state: DeviceState, } | { "type": "leave", cause: DisconnectCause, } | { "type": "admit", account_id: number, } | { "type": "mute", account_id: number, muted: boolean, } | { "type": "remove", account_id: number, } | { "type": "permit_leave", account_id: number, } | { "type": "dismiss_request", request_id: number, } | { "type": "show_document", document_id: number | null, } | { "type": "open" } | { "type": "pause" } | { "type": "resume" } | { "type": "end" };

export type Presence = "absent" | "waiting" | "admitted" | "dropped" | "left" | "removed";

export type RoomParticipant = { account_id: number, 
/**
 * Name and role as the court knows them, never typed by the user.
 */
name: string, role: CaseRole, 
/**
 * How they were summoned to take part: online, in the courtroom, or not answered yet.
 * Those not online are listed too (as absent), so the court sees who is expected.
 */
mode: AttendanceMode, 
/**
 * The presiding judge or the clerk (admits, mutes, removes, pauses and ends).
 */
presides: boolean, presence: Presence, 
/**
 * Media flows between them and the court.
 */
media_connected: boolean, 
/**
 * Their video reaches the court (false: it stopped, the judge is alerted).
 */
video_live: boolean, muted: boolean, hand_raised: boolean, device: DeviceState | null, 
/**
 * Which of the receiver's slots carries their video and sound.
 */
video_mid: string | null, audio_mid: string | null, 
/**
 * Round trip of their last heartbeat, in ms.
 */
rtt_ms: number | null, };

export type RoomRequest = { id: number, account_id: number, name: string, kind: ProceduralRequestKind, document_id: number | null, document_title: string | null, note: string | null, };

export type ShownDocument = { document_id: number, title: string, };

export type RoomState = { hearing_id: number, case_number: string | null, courtroom: string, 
/**
 * When it starts (RFC 3339), for the waiting room.
 */
scheduled_at: string, 
/**
 * The phone a participant calls when they cannot get in (the clerk's desk), if the court
 * gave one.
 */
contact_phone: string | null, state: HearingState, 
/**
 * The receiver's own account.
 */
you: number, 
/**
 * The receiver may admit, mute, remove, pause and end.
 */
presiding: boolean, participants: Array<RoomParticipant>, requests: Array<RoomRequest>, 
/**
 * Leave granted to the receiver by the judge.
 */
leave_permitted: boolean, 
/**
 * The document of the case file the court is showing everyone, if any.
 */
shown_document: ShownDocument | null, };

export type AlertKind = "dropped" | "video_stopped" | "left_without_permission" | "device_failure";

export type MicrophoneView = { id: string, name: string, };

export type DeviceCheck = { cameras: Array<CameraView>, microphones: Array<MicrophoneView>, 
/**
 * Median round trip of small requests to the court, ms.
 */
rtt_ms: number, 
/**
 * Download speed from the court, kbit/s (a 1 MiB probe).
 */
download_kbps: number, 
/**
 * A hearing needs about 1,000 kbit/s down and a round trip under 300 ms.
 */
good_enough: boolean, };

export type HearingUpdate = { "type": "room", room: RoomState, } | { "type": "alert", kind: AlertKind, account_id: number, name: string, } | { "type": "sound", account_id: number, level_dbfs: number, } | { "type": "reconnecting", attempt: number, cause: DisconnectCause, } | { "type": "refused", code: AppErrorCode, message: string, } | { "type": "closed", cause: DisconnectCause, };

export type HearingChecks = { hearing_id: number, 
/**
 * The device check passed with this camera (none: not yet).
 */
camera: string | null, microphone: string | null, 
/**
 * The courtroom rules of this version and the declaration were accepted.
 */
rules_version: string | null, 
/**
 * The court let them in once in this hearing (its re-check, when it asks one, passed).
 */
entered: boolean, 
/**
 * How the last connection ended, when it ended without the person leaving on purpose
 * (a drop the app could not repair by itself): "重新进入" is offered.
 */
dropped: DisconnectCause | null, };

export type EvidenceProcedure = "ordinary" | "summary" | "small_claims";

export type ExchangeMode = "synchronous" | "asynchronous";

export type ExchangeState = "open" | "closed";

export type OriginalOrCopy = "original" | "copy";

export type EvidenceFileKind = "document" | "picture" | "audio" | "video";

export type EvidenceFile = { name: string, mime_type: string, size_bytes: number, 
/**
 * Hex SHA-256 of the content.
 */
sha256: string, };

export type EvidenceFileReceipt = { sha256: string, mime_type: string, kind: EvidenceFileKind, size_bytes: number, };

export type NewEvidenceItem = { 
/**
 * 证据名称.
 */
name: string, 
/**
 * 证据来源.
 */
source: string, 
/**
 * 证明目的: what it is meant to prove.
 */
proves: string, original: OriginalOrCopy, 
/**
 * 页数 (0 for a recording).
 */
pages: number, files: Array<EvidenceFile>, };

export type EvidenceVersion = { version: number, name: string, source: string, proves: string, original: OriginalOrCopy, pages: number, files: Array<EvidenceFile>, sealed_sha256: string, submitted_at: string, };

export type Admission = "pending" | "admitted" | "not_admitted";

export type DepositDeclaration = { 
/**
 * The platform's name, e.g. 司法区块链.
 */
platform: string, 
/**
 * The platform's reference of the deposit (存证编号).
 */
reference: string, 
/**
 * The hash the platform holds (hex SHA-256).
 */
sha256: string, 
/**
 * Which file of the item's latest version was deposited.
 */
file_sha256: string, };

export type DepositCheck = "matches" | "differs" | "unverified";

export type DepositView = { platform: string, reference: string, sha256: string, file_sha256: string, check: DepositCheck, 
/**
 * Who checked (`file_hash`, or a platform's verifier).
 */
verifier: string, declared_at: string, };

export type OriginalGround = "objection" | "unclear" | "archive" | "court_necessary";

export type OriginalOutcome = "requested" | "provided" | "checked_offline" | "not_provided";

export type OriginalRequestView = { id: number, item_id: number, ground: OriginalGround, reason: string, 
/**
 * Who asked: the objecting party, or the court.
 */
asked_by: string, requested_at: string, outcome: OriginalOutcome, outcome_note: string | null, decided_at: string | null, };

export type EvidenceItemView = { id: number, case_id: number, 
/**
 * Its number among the giving party's items (证据1, 证据2, …).
 */
number: number, submitted_by: number, submitted_by_name: string, 
/**
 * The giver's role in the case (`plaintiff`, `defendant`, …, as `CaseRole` writes it).
 */
side: string, 
/**
 * The caller gave it.
 */
yours: boolean, 
/**
 * Given after the evidence period ended: the judge decides whether it is admitted.
 */
late: boolean, admission: Admission, admission_note: string | null, versions: Array<EvidenceVersion>, deposit: DepositView | null, originals: Array<OriginalRequestView>, };

export type OpinionStance = "agreed" | "disputed" | "partly_agreed";

export type PropertyOpinion = { stance: OpinionStance, 
/**
 * Required unless agreed.
 */
reason: string | null, };

export type OpinionRequest = { 
/**
 * The version read: refused if the item has a later one (read it again).
 */
version: number, authenticity: PropertyOpinion, legality: PropertyOpinion, relevance: PropertyOpinion, 
/**
 * Whether the electronic copy matches the original; `None`: no view on it.
 */
copy_matches_original: boolean | null, 
/**
 * With `copy_matches_original: false`: the reasons (a reasoned objection asks the court
 * for the original, OLR Art. 12(1)).
 */
objection_reason: string | null, 
/**
 * Court staff recording an opinion given live in a synchronous exchange: whose it is.
 */
on_behalf_of: number | null, };

export type EvidenceOpinionView = { id: number, item_id: number, version: number, account_id: number, name: string, authenticity: PropertyOpinion, legality: PropertyOpinion, relevance: PropertyOpinion, copy_matches_original: boolean | null, objection_reason: string | null, 
/**
 * When it was written (the desktop's moment for an opinion written offline).
 */
written_at: string, 
/**
 * When the court received it.
 */
given_at: string, 
/**
 * Recorded by the court as given in the synchronous exchange.
 */
recorded_live: boolean, recorded_by: string, 
/**
 * False once the same person gave a later opinion on the item (kept, not shown in the
 * matrix).
 */
current: boolean, };

export type EvidencePeriodRequest = { procedure: EvidenceProcedure, 
/**
 * The day it starts from (not counted), `YYYY-MM-DD`.
 */
from: string, days: number, };

export type EvidencePeriodView = { procedure: EvidenceProcedure, from: string, days: number, 
/**
 * The last day, moved past days off (`YYYY-MM-DD`).
 */
ends: string, 
/**
 * The rule the bound comes from, quoted.
 */
rule: string, set_at: string, };

export type ModeChoiceRequest = { mode: ExchangeMode, };

export type ModeChoiceView = { account_id: number, name: string, mode: ExchangeMode, at: string, };

export type OpenExchangeRequest = { 
/**
 * `None`: from the parties' choices (the same choice, else synchronous, OLR Art. 14).
 */
mode: ExchangeMode | null, 
/**
 * The last day for opinions (`YYYY-MM-DD`, court date): the asynchronous period; for a
 * synchronous exchange the day of the session.
 */
answer_until: string, 
/**
 * Synchronous: the hearing of the case whose video room is used.
 */
hearing_id: number | null, 
/**
 * The parties taking part (accounts in the case); empty: every party and agent.
 */
parties: Array<number>, };

export type ExchangeParty = { account_id: number, name: string, role: string, };

export type ExchangeView = { id: number, mode: ExchangeMode, 
/**
 * Why this mode: `ordered` (the judge named it), `agreed` (the parties chose it) or
 * `no_agreement` (they did not agree on one: synchronous, OLR Art. 14).
 */
mode_basis: string, state: ExchangeState, answer_until: string, hearing_id: number | null, parties: Array<ExchangeParty>, opened_at: string, opened_by: string, reminders: Array<string>, closed_at: string | null, 
/**
 * Synchronous: the item the judge is taking now.
 */
current_item: number | null, };

export type LeaveRequest = { account_id: number, 
/**
 * The new last day (`YYYY-MM-DD`).
 */
until: string, reason: string, };

export type LeaveView = { account_id: number, name: string, until: string, reason: string, granted_at: string, };

export type AdmissionRequest = { admission: Admission, note: string | null, };

export type OriginalRequest = { ground: OriginalGround, reason: string, };

export type OriginalOutcomeRequest = { outcome: OriginalOutcome, note: string | null, };

export type ViewRequest = { version: number, };

export type EvidenceViewRecord = { item_id: number, version: number, account_id: number, name: string, viewed_at: string, 
/**
 * `file` (content fetched), `screen` (shown by the desktop) or `room` (taken in the
 * synchronous exchange).
 */
via: string, };

export type CurrentItemRequest = { item_id: number, };

export type CaseEvidence = { period: EvidencePeriodView | null, exchange: ExchangeView | null, mode_choices: Array<ModeChoiceView>, items: Array<EvidenceItemView>, opinions: Array<EvidenceOpinionView>, leaves: Array<LeaveView>, };

export type MatrixCell = { account_id: number, opinion: EvidenceOpinionView | null, };

export type MatrixRow = { item_id: number, number: number, name: string, submitted_by_name: string, side: string, late: boolean, admission: Admission, admission_note: string | null, 
/**
 * Some party disputes or partly agrees to some property, or objects to the copy.
 */
disputed: boolean, originals: Array<OriginalRequestView>, deposit: DepositView | null, 
/**
 * One per party of the exchange, in `EvidenceMatrix::parties` order (the giver's own
 * cell is `None`).
 */
cells: Array<MatrixCell>, };

export type EvidenceMatrix = { parties: Array<ExchangeParty>, rows: Array<MatrixRow>, };

export type EvidencePaper = { document_id: number, title: string, sha256: string, };

export type PeriodUnit = "days" | "working_days";

export type DayOff = { "kind": "weekend" } | { "kind": "holiday", name: string, };

export type Step = { "kind": "start_not_counted", date: string, } | { "kind": "days_counted", from: string, to: string, days: number, } | { "kind": "skipped", date: string, why: DayOff, provisional: boolean, } | { "kind": "make_up_workday_counted", date: string, name: string, nth: number, } | { "kind": "last_day_off", date: string, why: DayOff, provisional: boolean, } | { "kind": "end", date: string, provisional: boolean, };

export type Computation = { end: string, steps: Array<Step>, provisional: boolean, 
/**
 * The years counted without a published schedule (empty unless provisional).
 */
provisional_years: Array<number>, };

export type PeriodCalendar = { 
/**
 * The court's schedule as fetched (`false`: the one shipped with this app).
 */
from_court: boolean, 
/**
 * The court's version of it; `None` while the court counts with the release's own.
 */
version: number | null, 
/**
 * The years with a published State Council schedule; others are provisional.
 */
years: Array<number>, };

export type PeriodAnswer = { computation: Computation, calendar: PeriodCalendar, };

export type SignatureOutcome = "signed" | "refused";

export type SignatureMethod = "face_recheck";

export type DocumentSignature = { id: number, name: string, outcome: SignatureOutcome, method: SignatureMethod | null, document_sha256: string, reason: string | null, at: string, 
/**
 * False once the document no longer has the hash that was signed.
 */
valid: boolean, };

export type SigningView = { case_id: number, document_id: number, title: string, mime_type: string, 
/**
 * The text, for a text document (a PDF is saved and opened outside the window).
 */
text: string | null, 
/**
 * The SHA-256 of the bytes shown here: what a signature names.
 */
sha256: string, 
/**
 * False when the court holds another version than this computer (sync first).
 */
same_as_court: boolean, signatures: Array<DocumentSignature>, 
/**
 * This person's own answer to the version shown, if they gave one.
 */
mine: DocumentSignature | null, 
/**
 * The signer's identity as the court knows it (for the re-check screen).
 */
identity: IdentityStatus, signer_name: string, 
/**
 * A face re-check must come first (none, or too old to sign with).
 */
recheck_needed: boolean, };

export type ServiceChannel = "platform" | "email" | "sms";

export type ConsentGround = "express_consent" | "agreed_before_suit" | "address_in_filing" | "accepted_earlier_service";

export type OtherwiseReason = "no_consent" | "declined" | "excluded_document" | "channels_failed" | "dispute_upheld";

export type EffectRule = "arrived_at_confirmed_address" | "receipt_confirmed" | "acted_on" | "presumed_read" | "served_otherwise";

export type ServiceState = "pending" | "effective" | "disputed" | "otherwise";

export type ServiceDelivery = { channel: ServiceChannel, 
/**
 * The platform account's user name, the email address, the mobile number (masked for
 * anyone but the recipient and the court).
 */
address: string, 
/**
 * The recipient gave or confirmed this address (address confirmation, or filed online
 * through this account): arrival is then the effect (OLR Art. 31(1)).
 */
address_confirmed: boolean, sent_at: string, 
/**
 * When it reached the address's system (the account at once; the receiving mail server's
 * acceptance).
 */
arrived_at: string | null, 
/**
 * Why it did not arrive (a refusal, a bounce, no gateway).
 */
failure: string | null, };

export type ServiceEffect = { at: string, rule: EffectRule, 
/**
 * The channel whose effect counts (the earliest), none when served otherwise.
 */
channel: ServiceChannel | null, 
/**
 * The article applied, e.g. `《人民法院在线诉讼规则》第三十一条第一款`.
 */
article: string, };

export type OtherwiseMethod = "post" | "in_person" | "left_at_address" | "announcement";

export type ServiceDispute = { reason: string, at: string, 
/**
 * The court's decision, once made.
 */
decision: DisputeDecision | null, };

export type DisputeDecision = { 
/**
 * Upheld: the presumption falls and the document is served again otherwise.
 */
upheld: boolean, reason: string, at: string, by: string, };

export type ServedOtherwise = { method: OtherwiseMethod, 
/**
 * When it was served (RFC 3339).
 */
at: string, note: string | null, by: string, };

export type ServedDocument = { id: number, case_id: number, document_id: number, document_title: string, document_kind: string, 
/**
 * The SHA-256 of the document as served.
 */
document_sha256: string, recipient_account_id: number, recipient_name: string, served_by: string, served_at: string, state: ServiceState, 
/**
 * Served electronically (a ground was found and the document may go electronically).
 */
electronic: boolean, ground: ConsentGround | null, otherwise_reason: OtherwiseReason | null, deliveries: Array<ServiceDelivery>, 
/**
 * When the recipient opened it, by their app's clock (also offline).
 */
opened_at: string | null, 
/**
 * When the court learnt of the opening.
 */
opened_learned_at: string | null, receipt_confirmed_at: string | null, acted_at: string | null, effect: ServiceEffect | null, dispute: ServiceDispute | null, paper_copy_requested_at: string | null, served_otherwise: ServedOtherwise | null, 
/**
 * The period service started (答辩期, 上诉期) with its last day.
 */
deadline: Deadline | null, 
/**
 * The last electronic service certificate made for it.
 */
certificate_document_id: number | null, };

export type AddressConfirmation = { id: number, account_id: number, name: string, version: number, 
/**
 * Agrees to electronic service.
 */
consent_electronic: boolean, 
/**
 * The platform account as an electronic address.
 */
platform: boolean, email: string | null, mobile: string | null, postal_address: string | null, 
/**
 * The confirmation as a document of the case, to be signed through the signatures route.
 */
document_id: number, document_sha256: string, created_at: string, signed: boolean, 
/**
 * The latest signed version: what service goes by.
 */
in_force: boolean, };

export type AddressConfirmationRequest = { consent_electronic: boolean, platform: boolean, email: string | null, mobile: string | null, postal_address: string | null, };

export type CaseService = { served: Array<ServedDocument>, address_confirmations: Array<AddressConfirmation>, };

export type ServeRecipient = { account_id: number, 
/**
 * The pre-suit agreement to electronic service the clerk found (e.g. `借款合同第12条`),
 * when there is one (OLR Art. 29(2)).
 */
agreed_before_suit: string | null, };

export type ServeRequest = { document_ids: Array<number>, recipients: Array<ServeRecipient>, 
/**
 * The channels to use where the recipient has the address (platform, email, SMS notice).
 */
channels: Array<ServiceChannel>, };

export type ServeResult = { 
/**
 * One per document and recipient.
 */
served: Array<ServedDocument>, 
/**
 * How many were queued to be served otherwise.
 */
tasks_opened: number, };

export type ServiceList = { served: Array<ServedDocument>, };

export type KnownAddress = { channel: ServiceChannel, address: string, confirmed: boolean, };

export type ServiceRecipient = { account_id: number, name: string, role: CaseRole, 
/**
 * None: no ground found (or declined): served otherwise.
 */
ground: ConsentGround | null, 
/**
 * Their address confirmation refuses electronic service.
 */
declined: boolean, addresses: Array<KnownAddress>, postal_address: string | null, };

export type ServiceRecipients = { recipients: Array<ServiceRecipient>, };

export type DisputeDecisionRequest = { upheld: boolean, reason: string, };

export type ServiceTaskKind = "serve_otherwise" | "bounce" | "paper_copy" | "dispute";

export type ServiceTask = { id: number, kind: ServiceTaskKind, case_id: number, case_number: string | null, service_id: number, document_title: string, recipient_name: string, postal_address: string | null, reason: OtherwiseReason | null, 
/**
 * What happened, in the court's words (the mail server's refusal, the dispute's reason).
 */
detail: string | null, created_at: string, };

export type ServiceTasks = { tasks: Array<ServiceTask>, };

export type TaskDoneRequest = { method: OtherwiseMethod, 
/**
 * When it was served (RFC 3339); not in the future.
 */
at: string, note: string | null, };

export type ServicePolicyRule = "seed_notice" | "national";

export type ServicePolicy = { rule: ServicePolicyRule, 
/**
 * Document kinds not served electronically under the rule.
 */
excluded_kinds: Array<string>, 
/**
 * Document kinds a recipient may ask a paper copy of.
 */
paper_copy_kinds: Array<string>, citation: string, };

export type ServicePolicyRequest = { rule: ServicePolicyRule, };

export type ServiceCertificate = { service_id: number, document_id: number, sha256: string, title: string, };

export type InboxItem = { case_id: number, case_number: string | null, served: ServedDocument, 
/**
 * The moment this computer recorded the opening, while the court has not learnt it yet.
 */
opened_here_at: string | null, 
/**
 * Actions on it still waiting in the outbox (their kinds: `confirm_service_receipt`, …).
 */
waiting: Array<string>, 
/**
 * The document's bytes are in the cache (it can be read offline).
 */
downloaded: boolean, 
/**
 * A paper copy may be asked for (a judgment, ruling or mediation statement served
 * electronically, not asked yet).
 */
paper_copy_possible: boolean, 
/**
 * A presumed service (read, not confirmed) may be disputed.
 */
disputable: boolean, };

export type ConfirmationNeeded = { case_id: number, case_number: string | null, };

export type ServiceInbox = { 
/**
 * Newest first.
 */
items: Array<InboxItem>, confirm_first: Array<ConfirmationNeeded>, 
/**
 * Documents not opened yet.
 */
unopened: number, };

export type CertificateSaved = { certificate: ServiceCertificate, path: string, };

export type EvidenceFileReady = { file: EvidenceFile, };

export type WaitingOpinion = { item_id: number, written_at: string, opinion: OpinionRequest, 
/**
 * Its outbox entry: pending, or refused with the court's reason (a refusal stays until
 * dismissed, like every refused action).
 */
outbox: OutboxView, };

export type EvidenceDesk = { case_id: number, evidence: CaseEvidence, 
/**
 * Opinions waiting in the outbox (written offline or not sent yet), by item.
 */
waiting: Array<WaitingOpinion>, };
