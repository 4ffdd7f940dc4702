// The names of the court's deadlines in the user's language. The court names a case's next
// deadline by a fixed label (the filing review, the correction, the fee: filing/review.rs; the
// demo's stages: cases/seed.rs), so the label is the code; an English screen shows the English
// name of a known one and the court's own words for any other.
import { locale } from "@/i18n";

const english: Record<string, string> = {
  法院审查期限: "Court's review of the filing",
  法院审查立案申请期限: "Court's review of the filing",
  补正期限: "Corrections due",
  交费期限: "Fee due",
  诉前调解期限届满: "Pre-filing mediation ends",
  开庭: "Hearing",
  提交代理意见: "Agent's opinion due",
  答辩期: "Defence period",
  上诉期: "Appeal period",
};

/** A period's end counted without the year's published holiday schedule (kernel/periods.rs). */
const PROVISIONAL = "（暂定）";

/** The deadline's name in the user's language. */
export function deadlineName(label: string): string {
  if (locale.value !== "en") return label;
  if (label.endsWith(PROVISIONAL)) return `${deadlineName(label.slice(0, -PROVISIONAL.length))} (provisional)`;
  return english[label] ?? label;
}
