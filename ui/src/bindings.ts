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

export type CaseDetail = { summary: CaseSummary, participants: Array<CaseParticipant>, events: Array<CaseEvent>, documents: Array<CaseDocument>, };

export type ActionBody = { "kind": "send_message", case_id: number, text: string, };

export type OutboxState = "pending" | "applied" | "rejected";

export type OutboxEntry = { mutation_id: number, case_id: number | null, action: ActionBody, created_at: string, state: OutboxState, attempts: number, 
/**
 * The last reason a send failed (network, server), for the status line.
 */
last_error: string | null, 
/**
 * The court's refusal, for rejected entries.
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

export type AppErrorCode = "invalid_credentials" | "too_many_attempts" | "offline" | "not_signed_in" | "session_expired" | "not_found" | "invalid_input" | "newer_database" | "storage" | "server" | "internal";

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
demo_accounts: Array<DemoAccountView>, demo_password: string | null, };

export type SessionView = { account: Account, };

export type CaseListQuery = { text: string | null, stage: CaseStage | null, role: CaseRole | null, };

export type CaseView = { detail: CaseDetail, outbox: Array<OutboxEntry>, };

export type DocumentView = { case_id: number, document_id: number, mime_type: string, 
/**
 * The text, for text documents.
 */
text: string | null, };
