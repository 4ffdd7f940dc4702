// Whether a refusal asks for the identity re-check first (OLR Art. 7: before giving evidence or
// opinions), so the screen can lead there rather than only say no.
import { isAppError } from "@/api";

export function needsRecheck(e: unknown): boolean {
  return isAppError(e) && (e.code === "face_recheck_due" || e.code === "identity_step_missing");
}
