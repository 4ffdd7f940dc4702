// Typed calls into the desktop core. Every type comes from bindings.ts, generated from Rust.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  AppError,
  AppInfo,
  CaseListQuery,
  CaseListItem,
  CaseView,
  DocumentView,
  OutboxEntry,
  SessionView,
  Settings,
  SyncStatus,
  CorrectionItem,
  CorrectionNotice,
  FeeNotice,
  FileRef,
  FilingApplication,
  FilingCheck,
  FilingDraft,
  NoticeView,
  Registration,
  IdNumberCheck,
  IdentityStatus,
  PhoneCodeSent,
  PhoneVerified,
  DevSms,
  ConsentText,
  ConsentRecord,
  ReviewQueue,
  FaceReviewQueue,
  FaceReviewDecision,
  FaceReviewResult,
  CameraView,
  CameraGuide,
  CapturePhase,
  CardAccepted,
  FacePurpose,
  FaceVerification,
  Account,
  ClientSignal,
  CourtroomRules,
  DeviceCheck,
  DisconnectCause,
  ExclusionGround,
  HearingRecord,
  HearingSummary,
  HearingUpdate,
} from "./bindings";

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  currentSession: () => invoke<SessionView | null>("current_session"),
  signIn: (username: string, password: string) => invoke<SessionView>("sign_in", { username, password }),
  signOut: () => invoke<void>("sign_out"),
  listCases: (query: CaseListQuery) => invoke<CaseListItem[]>("list_cases", { query }),
  getCase: (caseId: number) => invoke<CaseView>("get_case", { caseId }),
  getDocument: (caseId: number, documentId: number) => invoke<DocumentView>("get_document", { caseId, documentId }),
  sendMessage: (caseId: number, text: string) => invoke<OutboxEntry>("send_message", { caseId, text }),
  dismissRejected: (mutationId: number) => invoke<void>("dismiss_rejected", { mutationId }),
  syncNow: () => invoke<void>("sync_now"),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  getSettings: () => invoke<Settings>("get_settings"),
  setSettings: (locale: string, largeText: boolean) => invoke<Settings>("set_settings", { locale, largeText }),
  listDrafts: () => invoke<FilingDraft[]>("list_drafts"),
  getDraft: (id: string) => invoke<FilingDraft>("get_draft", { id }),
  newDraft: () => invoke<FilingDraft>("new_draft"),
  correctionDraft: (caseId: number) => invoke<FilingDraft>("correction_draft", { caseId }),
  saveDraft: (draft: FilingDraft) => invoke<FilingDraft>("save_draft", { draft }),
  deleteDraft: (id: string) => invoke<void>("delete_draft", { id }),
  /** The file's bytes travel as the raw body, not as JSON. */
  attachFile: async (file: File) =>
    invoke<FileRef>("attach_file", new Uint8Array(await file.arrayBuffer()), {
      headers: { "x-file-name": encodeURIComponent(file.name) },
    }),
  checkApplication: (application: FilingApplication) => invoke<FilingCheck>("check_application", { application }),
  submitDraft: (id: string) => invoke<number>("submit_draft", { id }),
  reviewQueue: () => invoke<ReviewQueue>("review_queue"),
  faceReviews: () => invoke<FaceReviewQueue>("face_reviews"),
  decideFaceReview: (id: number, decision: FaceReviewDecision, reason: string) =>
    invoke<FaceReviewResult>("decide_face_review", { id, decision, reason }),
  issueCorrection: (caseId: number, items: CorrectionItem[], deadlineDays: number) =>
    invoke<CorrectionNotice>("issue_correction", { caseId, items, deadlineDays }),
  registerFiling: (caseId: number) => invoke<Registration>("register_filing", { caseId }),
  rejectFiling: (caseId: number, reasons: string) => invoke<void>("reject_filing", { caseId, reasons }),
  payInDemo: (paymentNumber: string) => invoke<FeeNotice>("pay_in_demo", { paymentNumber }),
  paymentQr: (text: string) => invoke<string>("payment_qr", { text }),
  notices: () => invoke<NoticeView[]>("notices"),
  exportDocument: (caseId: number, documentId: number) => invoke<string>("export_document", { caseId, documentId }),
  checkIdNumber: (idNumber: string) => invoke<IdNumberCheck>("check_id_number", { idNumber }),
  identityStatus: () => invoke<IdentityStatus>("identity_status"),
  sendPhoneCode: (phone: string) => invoke<PhoneCodeSent>("send_phone_code", { phone }),
  verifyPhoneCode: (phone: string, code: string) => invoke<PhoneVerified>("verify_phone_code", { phone, code }),
  demoMessages: (phone: string) => invoke<DevSms[]>("demo_messages", { phone }),
  biometricConsentText: () => invoke<ConsentText>("biometric_consent_text"),
  answerBiometricConsent: (version: string, accepted: boolean) =>
    invoke<ConsentRecord>("answer_biometric_consent", { version, accepted }),
  setLawyerLicence: (licenceNumber: string, lawFirm: string) =>
    invoke<IdentityStatus>("set_lawyer_licence", { licenceNumber, lawFirm }),
  cameras: () => invoke<CameraView[]>("cameras"),
  /** Preview frames arrive as JPEG bytes on one channel, the guide's readings on another. */
  openCamera: (id: string, onFrame: (jpeg: ArrayBuffer | number[]) => void, onGuide: (g: CameraGuide) => void) =>
    invoke<void>("open_camera", { id, preview: new Channel<ArrayBuffer | number[]>(onFrame), guide: new Channel<CameraGuide>(onGuide) }),
  closeCamera: () => invoke<void>("close_camera"),
  /** The card's photo travels as the raw body. */
  sendIdCard: async (file: File) => invoke<CardAccepted>("send_id_card", new Uint8Array(await file.arrayBuffer())),
  sendIdCardFromCamera: () => invoke<CardAccepted>("send_id_card_from_camera"),
  runFaceCheck: (purpose: FacePurpose, name: string | null, idNumber: string | null, onPhase: (p: CapturePhase) => void) =>
    invoke<FaceVerification>("run_face_check", { purpose, name, idNumber, phase: new Channel<CapturePhase>(onPhase) }),
  startAssisted: (username: string, code?: string) =>
    invoke<Account>("start_assisted", { username, code: code ?? null }),
  endAssisted: () => invoke<void>("end_assisted"),
  answerHearing: (hearingId: number, online: boolean, ground: ExclusionGround | null) =>
    invoke<HearingSummary>("answer_hearing", { hearingId, online, ground }),
  courtroomRules: () => invoke<CourtroomRules>("courtroom_rules"),
  deviceCheck: () => invoke<DeviceCheck>("device_check"),
  microphoneLevel: (id: string) => invoke<number>("microphone_level", { id }),
  /** Pictures arrive as raw bytes: 8 bytes of the account id (little-endian; 0 is one's own camera), then the JPEG. */
  joinHearing: (
    hearingId: number,
    camera: string,
    microphone: string | null,
    onVideo: (accountId: number, jpeg: Uint8Array) => void,
    onUpdate: (u: HearingUpdate) => void,
  ) =>
    invoke<void>("join_hearing", {
      hearingId,
      camera,
      microphone,
      video: new Channel<ArrayBuffer | number[]>((raw) => {
        const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw);
        const id = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true));
        onVideo(id, bytes.subarray(8));
      }),
      updates: new Channel<HearingUpdate>(onUpdate),
    }),
  hearingSignal: (signal: ClientSignal) => invoke<void>("hearing_signal", { signal }),
  setHearingMuted: (muted: boolean) => invoke<void>("set_hearing_muted", { muted }),
  leaveHearing: (cause: DisconnectCause) => invoke<void>("leave_hearing", { cause }),
  hearingRecord: (hearingId: number) => invoke<HearingRecord>("hearing_record", { hearingId }),
  onSyncStatus: (f: (s: SyncStatus) => void): Promise<UnlistenFn> =>
    listen<SyncStatus>("sync-status", (e) => f(e.payload)),
};
