// Words on screen, in Chinese first and English second. Plain words a party understands.
// Each feature keeps its words beside its screens (`features/<name>/messages.ts`); this file puts
// them together, refuses (at compile time) two features claiming the same key, and answers in the
// user's language.
import { ref } from "vue";
import * as shell from "./messages";
import * as errors from "./errorMessages";
import * as session from "./features/session/messages";
import * as cases from "./features/cases/messages";
import * as filing from "./features/filing/messages";
import * as identity from "./features/identity/messages";
import * as hearings from "./features/hearings/messages";
import * as refused from "./features/home/refusedMessages";
import * as desk from "./features/calendar/messages";
import * as periods from "./features/periods/messages";
import * as signatures from "./features/signatures/messages";
import * as service from "./features/service/messages";
import * as evidence from "./features/evidence/messages";

export type Locale = "zh-CN" | "en";
export const locale = ref<Locale>("zh-CN");

/** `a` and `b` together; a key in both does not compile (one would silently hide the other). */
function join<A extends object, B extends object>(a: A, b: B & { [K in keyof A & keyof B]: never }): A & B {
  return { ...a, ...b };
}

const zh = join(
  join(join(join(join(shell.zh, session.zh), cases.zh), filing.zh), join(identity.zh, hearings.zh)),
  join({ errors: errors.zh }, refused.zh),
);
const zhAll = join(join(join(join(zh, desk.zh), periods.zh), join(signatures.zh, service.zh)), evidence.zh);

type Messages = typeof zhAll;

const en: typeof zh = join(
  join(join(join(join(shell.en, session.en), cases.en), filing.en), join(identity.en, hearings.en)),
  join({ errors: errors.en }, refused.en),
);
const enAll: Messages = join(join(join(join(en, desk.en), periods.en), join(signatures.en, service.en)), evidence.en);

const dictionaries: Record<Locale, Messages> = { "zh-CN": zhAll, en: enAll };

export function m(): Messages {
  return dictionaries[locale.value];
}

type TextKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];

export function t(key: TextKey, params: Record<string, string | number> = {}): string {
  return fill(m()[key], params);
}

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}
