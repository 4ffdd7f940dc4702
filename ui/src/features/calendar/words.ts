// The court's events and documents named by their kind codes in the user's language. In Chinese the
// court's own title stays (it is the court's wording); in English the kind's text replaces it, so no
// stored Chinese title shows on an English screen (an unknown kind keeps the court's title).
import { fill, locale, m } from "@/i18n";

export function eventTitle(kind: string, courtTitle: string): string {
  if (locale.value !== "en") return courtTitle;
  return m().desk.events[kind] ?? courtTitle;
}

export function documentTitle(kind: string, courtTitle: string): string {
  if (locale.value !== "en") return courtTitle;
  return m().desk.documentKinds[kind] ?? courtTitle;
}

/** "还有 3 天" / "今天截止" / "已过 2 天", counted by the core on the court's date. */
export function daysText(n: number): string {
  const w = m().desk;
  if (n > 0) return fill(w.daysLeft, { n });
  if (n === 0) return w.dueToday;
  return fill(w.overdue, { n: -n });
}
