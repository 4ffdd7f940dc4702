// Causes of action (案由) a filer can pick while typing, by their names in 最高人民法院《民事案件案由
// 规定》(法〔2020〕347号, in force 2021-01-01), with English for the English screens. Only causes
// of property cases, whose fee the wizard estimates by the amount claimed (《诉讼费用交纳办法》
// 第十三条第（一）项); any other cause can still be typed. The court's term (the Chinese) is what
// is filed.
import { locale } from "@/i18n";

export const CAUSES: readonly { zh: string; en: string }[] = [
  { zh: "民间借贷纠纷", en: "Private lending dispute" },
  { zh: "金融借款合同纠纷", en: "Financial loan contract dispute" },
  { zh: "信用卡纠纷", en: "Credit card dispute" },
  { zh: "买卖合同纠纷", en: "Sales contract dispute" },
  { zh: "房屋租赁合同纠纷", en: "Housing lease contract dispute" },
  { zh: "物业服务合同纠纷", en: "Property management service contract dispute" },
  { zh: "服务合同纠纷", en: "Service contract dispute" },
  { zh: "劳务合同纠纷", en: "Labour service contract dispute" },
  { zh: "承揽合同纠纷", en: "Work contract dispute" },
  { zh: "建设工程施工合同纠纷", en: "Construction contract dispute" },
  { zh: "装饰装修合同纠纷", en: "Decoration and renovation contract dispute" },
  { zh: "运输合同纠纷", en: "Carriage contract dispute" },
  { zh: "保证合同纠纷", en: "Guarantee contract dispute" },
  { zh: "储蓄存款合同纠纷", en: "Savings deposit contract dispute" },
  { zh: "追偿权纠纷", en: "Right of recourse dispute" },
  { zh: "不当得利纠纷", en: "Unjust enrichment dispute" },
  { zh: "机动车交通事故责任纠纷", en: "Motor vehicle traffic accident liability dispute" },
];

/** A cause in the user's language: the English beside the court's term, or as typed. */
export function causeLabel(zh: string): string {
  const hit = CAUSES.find((c) => c.zh === zh.trim());
  return hit && !locale.value.startsWith("zh") ? `${hit.en}（${hit.zh}）` : zh;
}

/** The causes matching what the filer typed, in either language. */
export function suggest(typed: string): { value: string; label: string }[] {
  const q = typed.trim().toLowerCase();
  // Once the cause is written out in full there is nothing left to suggest (and no list left
  // open over the buttons below).
  if (CAUSES.some((c) => c.zh === typed.trim())) return [];
  return CAUSES.filter((c) => !q || c.zh.includes(q) || c.en.toLowerCase().includes(q)).map((c) => ({
    value: c.zh,
    label: causeLabel(c.zh),
  }));
}
