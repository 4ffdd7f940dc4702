// Assisted verification (协助认证): a legal worker names the party who sits beside them; a party
// with a verified phone confirms with the code the court just texted them. The court decides
// whether the session may start; this only asks the two questions.
import { ElMessageBox } from "element-plus";
import type { Account } from "@/bindings";
import { api, isAppError } from "@/api";
import { m } from "@/i18n";
import { showError } from "@/errors";

/** The party whose verification the worker now runs, or null when they cancelled or it failed. */
export async function startAssisting(): Promise<Account | null> {
  try {
    const { value } = await ElMessageBox.prompt(m().face.assistAsk, m().face.assistTitle, {
      confirmButtonText: m().face.assistStart,
      cancelButtonText: m().filing.close,
      inputPattern: /\S+/,
      inputErrorMessage: m().face.assistAsk,
    });
    const username = value.trim();
    try {
      return await api.startAssisted(username);
    } catch (e) {
      if (!isAppError(e) || e.code !== "party_confirmation_required") throw e;
      for (;;) {
        const { value: code } = await ElMessageBox.prompt(m().face.assistCode, m().face.assistTitle, {
          confirmButtonText: m().face.assistConfirm,
          cancelButtonText: m().filing.close,
          inputPattern: /^\s*\d{6}\s*$/,
          inputErrorMessage: m().face.assistCode,
        });
        try {
          return await api.startAssisted(username, code.trim());
        } catch (wrong) {
          if (!isAppError(wrong) || wrong.code !== "wrong_code") throw wrong;
          showError(wrong);
        }
      }
    }
  } catch (e) {
    if (e !== "cancel" && e !== "close") showError(e);
    return null;
  }
}
