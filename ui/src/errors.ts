import { ElMessage } from "element-plus";
import { isAppError } from "./api";
import { fill, m } from "./i18n";

/** Tells the user what went wrong, in their language, by the error's code. */
export function showError(e: unknown): void {
  if (isAppError(e)) {
    ElMessage({ type: "error", message: fill(m().errors[e.code], { message: e.message }), duration: 6000 });
  } else {
    ElMessage({ type: "error", message: m().errors.internal, duration: 6000 });
    console.error(e);
  }
}
