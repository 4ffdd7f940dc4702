// Assisted verification (协助认证): a legal worker finds the party who sits beside them by their
// name and ID card number or verified phone (the court matches exactly, only its own parties, and
// records the lookup); a party with a verified phone confirms with the code the court just
// texted them (a newcomer who has verified nothing has neither on file: the user name they just
// registered stands in). The court decides whether the session may start; this only asks the questions.
import { ElMessage, ElMessageBox } from "element-plus";
import type { Account } from "@/bindings";
import { api, isAppError } from "@/api";
import { fill, m } from "@/i18n";
import { showError } from "@/errors";

/** The party whose verification the worker now runs, or null when they cancelled or it failed. */
export async function startAssisting(): Promise<Account | null> {
  try {
    const { value: name } = await ElMessageBox.prompt(m().office.findName, m().office.findTitle, {
      confirmButtonText: m().office.findNext,
      cancelButtonText: m().filing.close,
      inputPattern: /\S+/,
      inputErrorMessage: m().office.findName,
    });
    const { value: key } = await ElMessageBox.prompt(m().office.findKey, m().office.findTitle, {
      confirmButtonText: m().face.assistStart,
      cancelButtonText: m().filing.close,
      inputPattern: /\S+/,
      inputErrorMessage: m().office.findKeyInvalid,
    });
    // An ID number, a mobile number, or (a newcomer who has verified nothing) the user name.
    const compact = key.replace(/[\s-]/g, "");
    const idNumber = /^\d{17}[\dxX]$/.test(compact) ? compact : null;
    const phone = /^(\+86)?1[3-9]\d{9}$/.test(compact) ? compact : null;
    const newcomer = idNumber || phone ? null : key.trim();
    const found = await api.findParty(name.trim(), idNumber, phone, newcomer);
    ElMessage({ type: "success", message: fill(m().office.found, { name: found.display_name }) });
    const username = found.username;
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
