// Which screen the window shows: a typed union of screens kept as a stack, so "back" returns to
// where the user came from (the review queue → a case → back to the queue; a case → its
// correction → back to the case). Not vue-router: a desktop window has no address bar, links or
// history to restore, and screens carry typed values (a hearing's documents, the party a legal
// worker assists) that route parameters would turn into strings to parse back. Here each screen's
// values are checked by the compiler where it is opened and where it is shown.
import { computed, ref } from "vue";
import type { Account, CaseDocument } from "./bindings";

export type Screen =
  /** The start: the filing bar, the court's notices, the case list. */
  | { name: "home" }
  | { name: "case"; caseId: number }
  /** The filing wizard on a draft (a new application, or the correction of a returned one). */
  | { name: "filing"; draftId: string }
  /** Court staff: the filing review queue (立案审查). */
  | { name: "review" }
  /** Court staff: the face checks waiting for a person's decision. */
  | { name: "faceReview" }
  /** Identity verification, one's own or a party's that a legal worker assists (协助认证). */
  | { name: "identity"; assisting: Account | null }
  /** The hearings calendar by week of the court's calendar. */
  | { name: "calendar" }
  /** 期限计算器: counting a period offline. */
  | { name: "periods" }
  /** A hearing, with its case's documents for presenting evidence. */
  | { name: "hearing"; hearingId: number; caseId: number; documents: CaseDocument[] }
  /** The documents served on the signed-in person (送达文书). */
  | { name: "inbox" }
  /** Court staff: the queue of service tasks (送达任务). */
  | { name: "serviceTasks" }
  /** Court staff: the evidence matrix of a case (质证情况). */
  | { name: "evidenceMatrix"; caseId: number; caseLabel: string };

export type ScreenName = Screen["name"];

const home: Screen = { name: "home" };
const stack = ref<Screen[]>([home]);

/** The screen on show. */
export const screen = computed<Screen>(() => stack.value[stack.value.length - 1] ?? home);

/** Opens a screen over the current one. */
export function open(next: Screen): void {
  stack.value = [...stack.value, next];
}

/** Returns to the screen before (the start stays). */
export function back(): void {
  if (stack.value.length > 1) stack.value = stack.value.slice(0, -1);
}

/** Back to the start with nothing open (signing in and out). */
export function reset(): void {
  stack.value = [home];
}
