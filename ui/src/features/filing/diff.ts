// What a resubmitted application changed since it was first filed, field by field, for the
// court's staff (and the filer) to check the correction without reading both in full. A party,
// claim or evidence item present on one side only is one line ("被告2：新增").
import type { FilingApplication } from "@/bindings";

export type Change = { field: string; before: string; after: string; item: "added" | "removed" | null };

type Flat = Map<string, string>;

function flatten(v: unknown, path: string, out: Flat) {
  if (Array.isArray(v)) {
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, out));
  } else if (v && typeof v === "object") {
    // A file is one value: its name, told apart by its content.
    if ("sha256" in v && "name" in v) {
      out.set(path, `${(v as { name: string }).name}#${(v as { sha256: string }).sha256}`);
      return;
    }
    for (const [k, x] of Object.entries(v)) flatten(x, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, v === null || v === undefined ? "" : String(v));
  }
}

/** The item a path belongs to: `defendants[1].address` → `defendants[1]`. */
function itemOf(path: string): string | null {
  const hit = /^(\w+\[\d+\])/.exec(path);
  return hit ? hit[1] : null;
}

export function changes(first: FilingApplication, now: FilingApplication): Change[] {
  const a: Flat = new Map();
  const b: Flat = new Map();
  flatten(first, "", a);
  flatten(now, "", b);
  const items = (m: Flat) => new Set([...m.keys()].map(itemOf).filter((x): x is string => x !== null));
  const [itemsA, itemsB] = [items(a), items(b)];
  const out: Change[] = [];
  const told = new Set<string>();
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const item = itemOf(path);
    if (item && itemsA.has(item) !== itemsB.has(item)) {
      if (!told.has(item)) out.push({ field: item, before: "", after: "", item: itemsB.has(item) ? "added" : "removed" });
      told.add(item);
      continue;
    }
    const [x, y] = [a.get(path) ?? "", b.get(path) ?? ""];
    if (x !== y) out.push({ field: path, before: x.replace(/#[0-9a-f]{64}$/, ""), after: y.replace(/#[0-9a-f]{64}$/, ""), item: null });
  }
  return out;
}
