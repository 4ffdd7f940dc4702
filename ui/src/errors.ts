import { ElMessage } from "element-plus";
import type { AppError, OutboxView } from "./bindings";
import { isAppError } from "./api";
import { fill, locale, m } from "./i18n";

/**
 * The sentence for an error in the user's language, by its code. The court's `message` is English
 * detail for the English sentences only; a Chinese sentence is whole without it.
 */
export function errorText(e: AppError): string {
  const text = m().errors[e.code];
  return locale.value === "en" ? fill(text, { message: e.message }) : text;
}

/** Why the court refused one of the user's queued actions, in their language. */
export function refusalText(entry: OutboxView): string {
  if (entry.refusal) return errorText({ code: entry.refusal, message: entry.rejection ?? "" });
  return locale.value === "en" ? (entry.rejection ?? "") : "";
}

/** Tells the user what went wrong, in their language, by the error's code. */
export function showError(e: unknown): void {
  if (isAppError(e)) {
    ElMessage({ type: "error", message: errorText(e), duration: 6000 });
  } else {
    ElMessage({ type: "error", message: m().errors.internal, duration: 6000 });
    console.error(e);
  }
}
