// The window's own words (the top bar and the connection status), in Chinese first and English
// second. Each feature keeps its words beside its screens; i18n.ts puts them together.
import type { AccountKind, Connection } from "./bindings";

export const zh = {
  appName: "在线诉讼服务",
  signOut: "退出登录",
  syncing: "正在同步…",
  lastSynced: "上次同步 {time}",
  pendingCount: "{n} 条待发送",
  retry: "立即重试",
  signInAgain: "重新登录",
  largeText: "大字模式",
  language: "English",
  beijingTime: "北京时间",
  kind: {
    party: "当事人",
    lawyer: "律师",
    legal_worker: "基层法律服务工作者",
    clerk: "书记员",
    judge: "法官",
  } satisfies Record<AccountKind, string>,
  connection: {
    unknown: "正在连接法院…",
    online: "已连接法院",
    offline: "离线：显示的是本机保存的案件",
    session_expired: "登录已过期，请重新登录",
  } satisfies Record<Connection, string>,
};

export const en: typeof zh = {
  appName: "e-Court Online Litigation",
  signOut: "Sign out",
  syncing: "Syncing…",
  lastSynced: "Last synced {time}",
  pendingCount: "{n} waiting to send",
  retry: "Retry now",
  signInAgain: "Sign in again",
  largeText: "Large text",
  language: "中文",
  beijingTime: "Beijing time",
  kind: { party: "Party", lawyer: "Lawyer", legal_worker: "Legal worker", clerk: "Clerk", judge: "Judge" },
  connection: {
    unknown: "Connecting to the court…",
    online: "Connected to the court",
    offline: "Offline: showing cases saved on this computer",
    session_expired: "Session expired; please sign in again",
  },
};
