// The court's time on screen. Every date and time a court sets or records (a hearing, a deadline, a
// notice, a receipt) is shown in Beijing time, UTC+8, the time printed on the summons, whatever zone
// this computer is set to; when the computer's own zone differs, the time says "北京时间" so nobody
// reads 01:30 for a 9:30 hearing. China keeps no daylight saving time, so the offset is fixed (as in
// the core's `ecourt_domain::court_time`).
import { m } from "./i18n";

const BEIJING_OFFSET_MINUTES = 8 * 60;

/** Whether this computer's clock is set to China's time at `at` (then no label is needed). */
export function machineOnCourtTime(at: Date = new Date()): boolean {
  return -at.getTimezoneOffset() === BEIJING_OFFSET_MINUTES;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The instant's wall-clock fields in Beijing, or null for text that is not a time. */
function beijing(iso: string): { date: string; time: string } | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + BEIJING_OFFSET_MINUTES * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** The court's date of an instant ("2026-12-08"); a bare date is already the court's and stays. */
export function courtDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return beijing(iso)?.date ?? iso;
}

/** The court's date and time of an instant ("2026-12-08 09:30"), labelled 北京时间 off China's zone. */
export function courtDateTime(iso: string): string {
  const b = beijing(iso);
  if (!b) return iso;
  const text = `${b.date} ${b.time}`;
  return machineOnCourtTime(new Date(Date.parse(iso))) ? text : `${text}（${m().beijingTime}）`;
}

/** Only the court's time of day ("09:30"), labelled like courtDateTime. */
export function courtClock(iso: string): string {
  const b = beijing(iso);
  if (!b) return iso;
  return machineOnCourtTime(new Date(Date.parse(iso))) ? b.time : `${b.time}（${m().beijingTime}）`;
}
