// Generated from src-tauri/src/commands by `UPDATE_BINDINGS=1 cargo test --workspace --lib bindings`.
// Do not edit by hand: ui/src/api.ts adapts the few calls that take files or callbacks.

import { invoke, type Channel } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  Account,
  AddressConfirmation,
  AddressConfirmationRequest,
  AdmissionRequest,
  AppInfo,
  CalendarWeek,
  CameraGuide,
  CameraView,
  CapturePhase,
  CardAccepted,
  CaseEvidence,
  CaseListItem,
  CaseListQuery,
  CaseView,
  CertificateSaved,
  ClientSignal,
  ConsentRecord,
  ConsentText,
  CorrectionItem,
  CorrectionNotice,
  CourtHelp,
  CourtroomRules,
  DevSms,
  DeviceCheck,
  DisconnectCause,
  DocumentView,
  EvidenceDesk,
  EvidenceFileReady,
  EvidenceItemView,
  EvidenceMatrix,
  EvidencePeriodRequest,
  ExclusionGround,
  FacePurpose,
  FaceReviewDecision,
  FaceReviewQueue,
  FaceReviewResult,
  FaceVerification,
  FeeNotice,
  FileRef,
  FilingApplication,
  FilingCheck,
  FilingDraft,
  HearingChecks,
  HearingRecord,
  HearingSummary,
  HearingUpdate,
  IdNumberCheck,
  IdentityStatus,
  IdleStatus,
  NewEvidenceItem,
  NoticeView,
  OpenExchangeRequest,
  OpinionRequest,
  OriginalOutcomeRequest,
  OriginalRequest,
  OutboxEntry,
  PartyFound,
  PeriodAnswer,
  PeriodCalendar,
  PeriodUnit,
  PhoneCodeSent,
  PhoneVerified,
  ReadKind,
  RefusedAction,
  Registration,
  ReviewQueue,
  ServeRequest,
  ServeResult,
  ServiceInbox,
  ServiceRecipients,
  ServiceTasks,
  SessionView,
  Settings,
  SignatureOutcome,
  SigningView,
  SyncStatus,
  TaskDoneRequest,
  TodoList,
} from "./bindings";

/** The desktop core's commands, one typed call each. */
export const commands = {
  // ---- session ----
  appInfo: (): Promise<AppInfo> =>
    invoke<AppInfo>("app_info"),
  currentSession: (): Promise<SessionView | null> =>
    invoke<SessionView | null>("current_session"),
  signIn: (username: string, password: string): Promise<SessionView> =>
    invoke<SessionView>("sign_in", { username, password }),
  signOut: (): Promise<void> =>
    invoke<void>("sign_out"),
  reportActivity: (): Promise<void> =>
    invoke<void>("report_activity"),
  idleStatus: (): Promise<IdleStatus> =>
    invoke<IdleStatus>("idle_status"),
  courtHelp: (): Promise<CourtHelp> =>
    invoke<CourtHelp>("court_help"),
  syncNow: (): Promise<void> =>
    invoke<void>("sync_now"),
  syncStatus: (): Promise<SyncStatus> =>
    invoke<SyncStatus>("sync_status"),
  getSettings: (): Promise<Settings> =>
    invoke<Settings>("get_settings"),
  setSettings: (locale: string, largeText: boolean): Promise<Settings> =>
    invoke<Settings>("set_settings", { locale, largeText }),
  // ---- cases ----
  listCases: (query: CaseListQuery): Promise<Array<CaseListItem>> =>
    invoke<Array<CaseListItem>>("list_cases", { query }),
  getCase: (caseId: number): Promise<CaseView> =>
    invoke<CaseView>("get_case", { caseId }),
  getDocument: (caseId: number, documentId: number): Promise<DocumentView> =>
    invoke<DocumentView>("get_document", { caseId, documentId }),
  /** Saves a copy where the user keeps downloads; answers the path. */
  exportDocument: (caseId: number, documentId: number): Promise<string> =>
    invoke<string>("export_document", { caseId, documentId }),
  sendMessage: (caseId: number, text: string): Promise<OutboxEntry> =>
    invoke<OutboxEntry>("send_message", { caseId, text }),
  dismissRejected: (mutationId: number): Promise<void> =>
    invoke<void>("dismiss_rejected", { mutationId }),
  /** Every action the court refused and the user has not dismissed yet, newest first. */
  refusedActions: (): Promise<Array<RefusedAction>> =>
    invoke<Array<RefusedAction>>("refused_actions"),
  notices: (): Promise<Array<NoticeView>> =>
    invoke<Array<NoticeView>>("notices"),
  // ---- desk ----
  /** The signed-in person's own duties and, apart, the court's dates (from the cache). */
  todo: (): Promise<TodoList> =>
    invoke<TodoList>("todo"),
  /** Marks notices (`event`) or documents of a case read on this computer. */
  markRead: (kind: ReadKind, caseId: number, ids: Array<number>): Promise<void> =>
    invoke<void>("mark_read", { kind, caseId, ids }),
  /** The week of the court's calendar holding `day` (`YYYY-MM-DD`, today when null). */
  calendarWeek: (day: string | null): Promise<CalendarWeek> =>
    invoke<CalendarWeek>("calendar_week", { day }),
  /** Court staff: moves a hearing not yet opened (`scheduled_at` RFC 3339). */
  moveHearing: (hearingId: number, scheduledAt: string, courtroom: string): Promise<HearingSummary> =>
    invoke<HearingSummary>("move_hearing", { hearingId, scheduledAt, courtroom }),
  /** Writes the coming hearings as an `.ics` file where exports go; answers the path. */
  exportCalendar: (): Promise<string> =>
    invoke<string>("export_calendar"),
  // ---- filing ----
  listDrafts: (): Promise<Array<FilingDraft>> =>
    invoke<Array<FilingDraft>>("list_drafts"),
  getDraft: (id: string): Promise<FilingDraft> =>
    invoke<FilingDraft>("get_draft", { id }),
  newDraft: (): Promise<FilingDraft> =>
    invoke<FilingDraft>("new_draft"),
  correctionDraft: (caseId: number): Promise<FilingDraft> =>
    invoke<FilingDraft>("correction_draft", { caseId }),
  refileDraft: (caseId: number): Promise<FilingDraft> =>
    invoke<FilingDraft>("refile_draft", { caseId }),
  /** The fee notice as a PDF to print, saved where the user keeps downloads; its path. */
  exportFeeNotice: (caseId: number): Promise<string> =>
    invoke<string>("export_fee_notice", { caseId }),
  saveDraft: (draft: FilingDraft): Promise<FilingDraft> =>
    invoke<FilingDraft>("save_draft", { draft }),
  deleteDraft: (id: string): Promise<void> =>
    invoke<void>("delete_draft", { id }),
  /** The file's bytes travel as the raw body, its name in a header. */
  attachFile: (body: Uint8Array, fileName: string): Promise<FileRef> =>
    invoke<FileRef>("attach_file", body, { headers: { "x-file-name": encodeURIComponent(fileName) } }),
  courtName: (code: string): Promise<string | null> =>
    invoke<string | null>("court_name", { code }),
  checkApplication: (application: FilingApplication): Promise<FilingCheck> =>
    invoke<FilingCheck>("check_application", { application }),
  submitDraft: (id: string): Promise<number> =>
    invoke<number>("submit_draft", { id }),
  reviewQueue: (): Promise<ReviewQueue> =>
    invoke<ReviewQueue>("review_queue"),
  issueCorrection: (caseId: number, items: Array<CorrectionItem>, deadlineDays: number): Promise<CorrectionNotice> =>
    invoke<CorrectionNotice>("issue_correction", { caseId, items, deadlineDays }),
  registerFiling: (caseId: number): Promise<Registration> =>
    invoke<Registration>("register_filing", { caseId }),
  rejectFiling: (caseId: number, reasons: string): Promise<void> =>
    invoke<void>("reject_filing", { caseId, reasons }),
  payInDemo: (paymentNumber: string): Promise<FeeNotice> =>
    invoke<FeeNotice>("pay_in_demo", { paymentNumber }),
  paymentQr: (text: string): Promise<string> =>
    invoke<string>("payment_qr", { text }),
  // ---- identity ----
  checkIdNumber: (idNumber: string): Promise<IdNumberCheck> =>
    invoke<IdNumberCheck>("check_id_number", { idNumber }),
  identityStatus: (): Promise<IdentityStatus> =>
    invoke<IdentityStatus>("identity_status"),
  sendPhoneCode: (phone: string): Promise<PhoneCodeSent> =>
    invoke<PhoneCodeSent>("send_phone_code", { phone }),
  verifyPhoneCode: (phone: string, code: string): Promise<PhoneVerified> =>
    invoke<PhoneVerified>("verify_phone_code", { phone, code }),
  /** The embedded court's texts to this account (the demo's messages panel). */
  demoMessages: (phone: string): Promise<Array<DevSms>> =>
    invoke<Array<DevSms>>("demo_messages", { phone }),
  biometricConsentText: (): Promise<ConsentText> =>
    invoke<ConsentText>("biometric_consent_text"),
  answerBiometricConsent: (version: string, accepted: boolean): Promise<ConsentRecord> =>
    invoke<ConsentRecord>("answer_biometric_consent", { version, accepted }),
  setLawyerLicence: (licenceNumber: string, lawFirm: string): Promise<IdentityStatus> =>
    invoke<IdentityStatus>("set_lawyer_licence", { licenceNumber, lawFirm }),
  /** A legal worker starts a party's verification on this machine. */
  findParty: (name: string, idNumber: string | null, phone: string | null, username: string | null): Promise<PartyFound> =>
    invoke<PartyFound>("find_party", { name, idNumber, phone, username }),
  startAssisted: (username: string, code: string | null): Promise<Account> =>
    invoke<Account>("start_assisted", { username, code }),
  endAssisted: (): Promise<void> =>
    invoke<void>("end_assisted"),
  faceReviews: (): Promise<FaceReviewQueue> =>
    invoke<FaceReviewQueue>("face_reviews"),
  decideFaceReview: (id: number, decision: FaceReviewDecision, reason: string): Promise<FaceReviewResult> =>
    invoke<FaceReviewResult>("decide_face_review", { id, decision, reason }),
  // ---- face ----
  cameras: (): Promise<Array<CameraView>> =>
    invoke<Array<CameraView>>("cameras"),
  /** Preview frames (JPEG bytes) arrive on `preview`, the guide's readings on `guide`. */
  openCamera: (id: string, preview: Channel<ArrayBuffer | number[]>, guide: Channel<CameraGuide>): Promise<void> =>
    invoke<void>("open_camera", { id, preview, guide }),
  closeCamera: (): Promise<void> =>
    invoke<void>("close_camera"),
  /** The ID card's face side from a file, as the raw body. */
  sendIdCard: (body: Uint8Array): Promise<CardAccepted> =>
    invoke<CardAccepted>("send_id_card", body),
  sendIdCardFromCamera: (): Promise<CardAccepted> =>
    invoke<CardAccepted>("send_id_card_from_camera"),
  /** Runs the court's challenge with the open camera; the prompts arrive on `phase`. */
  runFaceCheck: (purpose: FacePurpose, name: string | null, idNumber: string | null, phase: Channel<CapturePhase>): Promise<FaceVerification> =>
    invoke<FaceVerification>("run_face_check", { purpose, name, idNumber, phase }),
  // ---- hearing ----
  answerHearing: (hearingId: number, online: boolean, ground: ExclusionGround | null): Promise<HearingSummary> =>
    invoke<HearingSummary>("answer_hearing", { hearingId, online, ground }),
  courtroomRules: (): Promise<CourtroomRules> =>
    invoke<CourtroomRules>("courtroom_rules"),
  deviceCheck: (): Promise<DeviceCheck> =>
    invoke<DeviceCheck>("device_check"),
  microphoneLevel: (id: string): Promise<number> =>
    invoke<number>("microphone_level", { id }),
  /** Pictures arrive on `video` as raw bytes: 8 bytes of the account id (little-endian; 0 is one's own camera), then the JPEG. Room states, alerts and sound levels arrive on `updates`. */
  joinHearing: (hearingId: number, camera: string, microphone: string | null, video: Channel<ArrayBuffer | number[]>, updates: Channel<HearingUpdate>): Promise<void> =>
    invoke<void>("join_hearing", { hearingId, camera, microphone, video, updates }),
  /** What was passed in this hearing already (the device check, the rules, entering once). */
  hearingChecks: (hearingId: number): Promise<HearingChecks> =>
    invoke<HearingChecks>("hearing_checks", { hearingId }),
  hearingDevicesChecked: (hearingId: number, camera: string, microphone: string | null): Promise<void> =>
    invoke<void>("hearing_devices_checked", { hearingId, camera, microphone }),
  /** "重新进入": enters again with what was passed in this hearing; pictures and updates as for `join_hearing`. */
  reenterHearing: (hearingId: number, video: Channel<ArrayBuffer | number[]>, updates: Channel<HearingUpdate>): Promise<void> =>
    invoke<void>("reenter_hearing", { hearingId, video, updates }),
  hearingSignal: (signal: ClientSignal): Promise<void> =>
    invoke<void>("hearing_signal", { signal }),
  setHearingMuted: (muted: boolean): Promise<void> =>
    invoke<void>("set_hearing_muted", { muted }),
  leaveHearing: (cause: DisconnectCause): Promise<void> =>
    invoke<void>("leave_hearing", { cause }),
  hearingRecord: (hearingId: number): Promise<HearingRecord> =>
    invoke<HearingRecord>("hearing_record", { hearingId }),
  // ---- periods ----
  /** Counts offline with the court's schedule as last fetched (or the shipped one). */
  computePeriod: (start: string, days: number, unit: PeriodUnit): Promise<PeriodAnswer> =>
    invoke<PeriodAnswer>("compute_period", { start, days, unit }),
  /** Fetches and keeps the court's holiday schedule; `offline` when the court is not reached. */
  refreshPeriodCalendar: (): Promise<PeriodCalendar> =>
    invoke<PeriodCalendar>("refresh_period_calendar"),
  // ---- signatures ----
  documentSigning: (caseId: number, documentId: number): Promise<SigningView> =>
    invoke<SigningView>("document_signing", { caseId, documentId }),
  /** Signs the version shown (after a fresh face re-check), or refuses with a reason. */
  signDocument: (caseId: number, documentId: number, outcome: SignatureOutcome, reason: string | null): Promise<SigningView> =>
    invoke<SigningView>("sign_document", { caseId, documentId, outcome, reason }),
  // ---- service ----
  serviceInbox: (): Promise<ServiceInbox> =>
    invoke<ServiceInbox>("service_inbox"),
  /** The document from the cache; the first opening is recorded with this moment. */
  openServedDocument: (caseId: number, serviceId: number): Promise<DocumentView> =>
    invoke<DocumentView>("open_served_document", { caseId, serviceId }),
  confirmServiceReceipt: (caseId: number, serviceId: number): Promise<void> =>
    invoke<void>("confirm_service_receipt", { caseId, serviceId }),
  disputeService: (caseId: number, serviceId: number, reason: string): Promise<void> =>
    invoke<void>("dispute_service", { caseId, serviceId, reason }),
  requestPaperCopy: (caseId: number, serviceId: number): Promise<void> =>
    invoke<void>("request_paper_copy", { caseId, serviceId }),
  addressConfirmation: (caseId: number): Promise<AddressConfirmation | null> =>
    invoke<AddressConfirmation | null>("address_confirmation", { caseId }),
  confirmAddress: (caseId: number, request: AddressConfirmationRequest): Promise<AddressConfirmation> =>
    invoke<AddressConfirmation>("confirm_address", { caseId, request }),
  serviceRecipients: (caseId: number): Promise<ServiceRecipients> =>
    invoke<ServiceRecipients>("service_recipients", { caseId }),
  serveDocuments: (caseId: number, request: ServeRequest): Promise<ServeResult> =>
    invoke<ServeResult>("serve_documents", { caseId, request }),
  serviceTasks: (): Promise<ServiceTasks> =>
    invoke<ServiceTasks>("service_tasks"),
  completeServiceTask: (taskId: number, request: TaskDoneRequest): Promise<ServiceTasks> =>
    invoke<ServiceTasks>("complete_service_task", { taskId, request }),
  decideServiceDispute: (serviceId: number, upheld: boolean, reason: string): Promise<void> =>
    invoke<void>("decide_service_dispute", { serviceId, upheld, reason }),
  /** Makes the certificate at the court and saves a copy; answers where. */
  serviceCertificate: (caseId: number, serviceId: number): Promise<CertificateSaved> =>
    invoke<CertificateSaved>("service_certificate", { caseId, serviceId }),
  // ---- evidence ----
  /** The case's evidence from the cache, with the opinions waiting to be sent. */
  caseEvidence: (caseId: number): Promise<EvidenceDesk> =>
    invoke<EvidenceDesk>("case_evidence", { caseId }),
  /** Starts a file sent in pieces; answers its id. */
  beginEvidenceFile: (): Promise<string> =>
    invoke<string>("begin_evidence_file"),
  /** One piece as the raw body, `<id>@<offset>` in a header; answers the length so far. */
  evidenceFilePiece: (body: Uint8Array, at: string): Promise<number> =>
    invoke<number>("evidence_file_piece", body, { headers: { "x-piece-at": encodeURIComponent(at) } }),
  /** The last piece has gone: the file is hashed and kept; its name in a header. */
  finishEvidenceFile: (uploadId: string, name: string): Promise<EvidenceFileReady> =>
    invoke<EvidenceFileReady>("finish_evidence_file", { uploadId, name }),
  giveEvidence: (caseId: number, itemId: number | null, item: NewEvidenceItem): Promise<EvidenceItemView> =>
    invoke<EvidenceItemView>("give_evidence", { caseId, itemId, item }),
  giveEvidenceOpinion: (caseId: number, itemId: number, opinion: OpinionRequest): Promise<OutboxEntry> =>
    invoke<OutboxEntry>("give_evidence_opinion", { caseId, itemId, opinion }),
  evidenceMatrix: (caseId: number, disputed: boolean): Promise<EvidenceMatrix> =>
    invoke<EvidenceMatrix>("evidence_matrix", { caseId, disputed }),
  setEvidencePeriod: (caseId: number, request: EvidencePeriodRequest): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("set_evidence_period", { caseId, request }),
  openExchange: (caseId: number, request: OpenExchangeRequest): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("open_exchange", { caseId, request }),
  remindExchange: (caseId: number): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("remind_exchange", { caseId }),
  closeExchange: (caseId: number): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("close_exchange", { caseId }),
  decideAdmission: (caseId: number, itemId: number, request: AdmissionRequest): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("decide_admission", { caseId, itemId, request }),
  requestOriginal: (caseId: number, itemId: number, request: OriginalRequest): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("request_original", { caseId, itemId, request }),
  originalOutcome: (caseId: number, requestId: number, request: OriginalOutcomeRequest): Promise<CaseEvidence> =>
    invoke<CaseEvidence>("original_outcome", { caseId, requestId, request }),
};

/** What the core tells the window unasked. */
export const events = {
  onSyncStatus: (f: (payload: SyncStatus) => void): Promise<UnlistenFn> =>
    listen<SyncStatus>("sync-status", (e) => f(e.payload)),
};
