// Causes of action (案由) by their names in the Supreme People's Court's 《民事案件案由规定》
// (法〔2020〕347号, in force 2021-01-01), with English for the English screens. The court records a
// cause by that name, so the name is the code: an English screen shows the English name of a listed
// cause and the court's own name for any other. `property` marks the causes of property cases,
// whose fee follows the amount claimed (《诉讼费用交纳办法》第十三条第（一）项): only those are
// suggested in the filing wizard, whose fee estimate assumes that scale; any other cause can still
// be typed.
import { locale } from "@/i18n";

export const CAUSES: readonly { zh: string; en: string; property: boolean }[] = [
  { zh: "民间借贷纠纷", en: "Private lending dispute", property: true },
  { zh: "金融借款合同纠纷", en: "Financial loan contract dispute", property: true },
  { zh: "信用卡纠纷", en: "Credit card dispute", property: true },
  { zh: "买卖合同纠纷", en: "Sales contract dispute", property: true },
  { zh: "房屋租赁合同纠纷", en: "Housing lease contract dispute", property: true },
  { zh: "租赁合同纠纷", en: "Lease contract dispute", property: true },
  { zh: "物业服务合同纠纷", en: "Property management service contract dispute", property: true },
  { zh: "服务合同纠纷", en: "Service contract dispute", property: true },
  { zh: "劳务合同纠纷", en: "Labour service contract dispute", property: true },
  { zh: "承揽合同纠纷", en: "Work contract dispute", property: true },
  { zh: "建设工程施工合同纠纷", en: "Construction contract dispute", property: true },
  { zh: "装饰装修合同纠纷", en: "Decoration and renovation contract dispute", property: true },
  { zh: "运输合同纠纷", en: "Carriage contract dispute", property: true },
  { zh: "保证合同纠纷", en: "Guarantee contract dispute", property: true },
  { zh: "储蓄存款合同纠纷", en: "Savings deposit contract dispute", property: true },
  { zh: "追偿权纠纷", en: "Right of recourse dispute", property: true },
  { zh: "不当得利纠纷", en: "Unjust enrichment dispute", property: true },
  { zh: "机动车交通事故责任纠纷", en: "Motor vehicle traffic accident liability dispute", property: true },
  { zh: "追索劳动报酬纠纷", en: "Claim for labour remuneration", property: false },
  { zh: "劳动争议", en: "Labour dispute", property: false },
  { zh: "健康权纠纷", en: "Right to health dispute", property: false },
  { zh: "生命权、身体权、健康权纠纷", en: "Right to life, body and health dispute", property: false },
  { zh: "离婚纠纷", en: "Divorce dispute", property: false },
  { zh: "离婚后财产纠纷", en: "Property dispute after divorce", property: false },
  { zh: "抚养纠纷", en: "Child support dispute", property: false },
  { zh: "赡养纠纷", en: "Elderly support dispute", property: false },
  { zh: "继承纠纷", en: "Inheritance dispute", property: false },
];

function listed(zh: string) {
  return CAUSES.find((c) => c.zh === zh.trim());
}

/** The cause in the user's language (lists, the case page, the calendar). */
export function causeName(cause: string): string {
  return locale.value === "en" ? (listed(cause)?.en ?? cause) : cause;
}

/** A cause as the filer picks it: in English mode the English beside the court's term. */
export function causeLabel(zh: string): string {
  const hit = listed(zh);
  return hit && locale.value === "en" ? `${hit.en}（${hit.zh}）` : zh;
}

/** The property causes matching what the filer typed, in either language. */
export function suggest(typed: string): { value: string; label: string }[] {
  const q = typed.trim().toLowerCase();
  // Once the cause is written out in full there is nothing left to suggest (and no list left
  // open over the buttons below).
  if (listed(typed)) return [];
  return CAUSES.filter((c) => c.property && (!q || c.zh.includes(q) || c.en.toLowerCase().includes(q))).map((c) => ({
    value: c.zh,
    label: causeLabel(c.zh),
  }));
}
