// Typed calls into the desktop core. Every type comes from bindings.ts, generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  AppError,
  AppInfo,
  CaseListQuery,
  CaseSummary,
  CaseView,
  DocumentView,
  OutboxEntry,
  SessionView,
  Settings,
  SyncStatus,
} from "./bindings";

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  currentSession: () => invoke<SessionView | null>("current_session"),
  signIn: (username: string, password: string) => invoke<SessionView>("sign_in", { username, password }),
  signOut: () => invoke<void>("sign_out"),
  listCases: (query: CaseListQuery) => invoke<CaseSummary[]>("list_cases", { query }),
  getCase: (caseId: number) => invoke<CaseView>("get_case", { caseId }),
  getDocument: (caseId: number, documentId: number) => invoke<DocumentView>("get_document", { caseId, documentId }),
  sendMessage: (caseId: number, text: string) => invoke<OutboxEntry>("send_message", { caseId, text }),
  dismissRejected: (mutationId: number) => invoke<void>("dismiss_rejected", { mutationId }),
  syncNow: () => invoke<void>("sync_now"),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  getSettings: () => invoke<Settings>("get_settings"),
  setSettings: (locale: string, largeText: boolean) => invoke<Settings>("set_settings", { locale, largeText }),
  onSyncStatus: (f: (s: SyncStatus) => void): Promise<UnlistenFn> =>
    listen<SyncStatus>("sync-status", (e) => f(e.payload)),
};
