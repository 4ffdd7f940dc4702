// A filing check's problem in the user's words: whose field it is ("被告1：") and what is wrong
// ("请填写送达地址"), from the court's field path, code and params, never from a sentence of the
// domain's, so Chinese and English say the same thing. Also the field path each form item
// carries, to outline the field and to take the filer there.
import type { FilingApplication, Problem } from "@/bindings";
import { fill, m } from "@/i18n";

const f = () => m().filing;

/** `defendants[0].address` → [["defendants", 0], ["address", undefined]]. */
function parts(field: string): [string, number | undefined][] {
  return field.split(".").map((p) => {
    const hit = /^(\w+)\[(\d+)\]$/.exec(p);
    return hit ? [hit[1], Number(hit[2])] : [p, undefined];
  });
}

/** Whose field: "被告1", "证据2", "" for the application's own fields. */
export function whose(field: string): string {
  const [[list, i]] = parts(field);
  const name = f().whose[list];
  return name !== undefined && i !== undefined ? fill(name, { n: i + 1 }) : "";
}

/** The field's own name ("送达地址"), a person's or an organisation's number as the party is. */
export function label(field: string, app?: FilingApplication): string {
  const ps = parts(field);
  const [list, i] = ps[0];
  const leaf = ps[ps.length - 1][0];
  if (leaf === "id_number" && i !== undefined) {
    const party = (app?.[list as "plaintiffs"] ?? [])[i];
    return party?.kind === "organisation" ? f().uscc : f().idNumber;
  }
  if (leaf === "name" && list === "evidence") return f().evidenceName;
  return f().leaf[leaf] ?? f().fields[list] ?? field;
}

/** What is wrong, in the user's language. */
export function what(p: Problem, app?: FilingApplication): string {
  const t = f().problemCodes;
  const params = { label: label(p.field, app), max: p.params.max ?? "", file: p.params.file ?? "" };
  if (p.code === "bad_amount") return f().amountProblems[p.params.detail ?? ""] ?? f().amountProblems.malformed;
  const idText = f().idProblems[p.code];
  if (idText !== undefined) return fill(f().idWrong, { what: idText });
  return fill(t[p.code] ?? t.unknown, params);
}

/** "被告1：请填写送达地址". */
export function problemText(p: Problem, app?: FilingApplication): string {
  const who = whose(p.field);
  return who ? `${who}：${what(p, app)}` : what(p, app);
}

/** Which step of the wizard a field is on. */
export function stepOf(field: string): number {
  if (/^(case_type|cause|court)/.test(field)) return 0;
  if (/^(plaintiffs|defendants|third_parties|agents)/.test(field)) return 1;
  if (field.startsWith("claims")) return 2;
  return 3;
}
