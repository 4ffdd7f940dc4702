// The accessibility check of the window tests: axe-core (ui/node_modules/axe-core, a development
// package) run inside the app's own webview through WebDriver's execute-script, on the screen as it
// is shown, answering the WCAG 2.1 A and AA violations (rule, impact, the elements). Contrast is
// computed there from the rendered page, so it sees the theme, large text and Element Plus's
// teleported dialogs and toasts as a person does.
//
//   import { auditScreen, formatViolations, auditSummary } from "./axe.mjs";
//   const found = await auditScreen(s, "case list");
//   assert.deepEqual(found, [], formatViolations(found));
//   ...
//   console.log(auditSummary()); // per screen: rules and elements, for docs/benchmarks.md
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { waitFor } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const AXE_SOURCE = join(root, "ui", "node_modules", "axe-core", "axe.min.js");

/** axe-core's tags for the rules of WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let source = null;

/** Puts axe-core into the page unless it is there already (a new page, e.g. after a restart, has none). */
async function inject(session) {
  const present = await session.exec("return typeof window.axe === 'object' && typeof window.axe.run === 'function'");
  if (present) return;
  source ??= readFileSync(AXE_SOURCE, "utf8");
  // The script runs as a function body; axe-core's wrapper sets window.axe itself.
  const ok = await session.exec(`${source}\n;return typeof window.axe === 'object';`);
  if (!ok) throw new Error("axe-core did not load in the window");
}

/**
 * The WCAG 2.1 A/AA violations on the screen shown now:
 * `[{ rule, impact, help, helpUrl, targets: [{ target, html, summary }] }]`, most severe first.
 * Options: `include`/`exclude` (CSS selectors, axe's context), `tags` (default WCAG21_AA),
 * `only` (rule ids, e.g. ["color-contrast", "label"]: just those, instead of the tags), `skip`
 * (rule ids left out, for a violation known and being fixed), `timeout` (ms, default 60 s:
 * software rendering is slow).
 *
 * axe runs asynchronously in the page and the answer is fetched by polling, so a slow run meets no
 * WebDriver script timeout.
 */
export async function axeViolations(session, { include, exclude, tags = WCAG21_AA, only, skip = [], timeout = 60_000 } = {}) {
  await inject(session);
  const key = `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const context = include || exclude ? { include: include ?? ["html"], exclude: exclude ?? [] } : null;
  await session.exec(`
    const key = ${JSON.stringify(key)};
    const store = (window.__ecourtAxe = window.__ecourtAxe || {});
    store[key] = { done: false };
    const context = ${JSON.stringify(context)} ?? document;
    const options = {
      runOnly: ${JSON.stringify(only ? { type: "rule", values: only } : { type: "tag", values: tags })},
      rules: ${JSON.stringify(Object.fromEntries(skip.map((id) => [id, { enabled: false }])))},
      resultTypes: ["violations"],
    };
    window.axe.run(context, options).then(
      (r) => {
        store[key] = { done: true, violations: r.violations.map((v) => ({
          rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          targets: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 240), summary: n.failureSummary ?? "" })),
        })) };
      },
      (e) => { store[key] = { done: true, error: String(e && e.message ? e.message : e) }; },
    );
    return true;`);
  const answer = await waitFor(async () => {
    const got = await session.exec(`
      const store = window.__ecourtAxe || {};
      const r = store[${JSON.stringify(key)}];
      if (!r || !r.done) return null;
      delete store[${JSON.stringify(key)}];
      return JSON.stringify(r);`);
    return got ? JSON.parse(got) : undefined;
  }, "axe-core's answer", timeout);
  if (answer.error) throw new Error(`axe-core failed: ${answer.error}`);
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  return answer.violations.sort((a, b) => (order[a.impact] ?? 4) - (order[b.impact] ?? 4));
}

/** The violations as lines a person reads in a failed assertion. */
export function formatViolations(violations) {
  if (!violations.length) return "no WCAG 2.1 A/AA violations";
  return violations
    .map((v) => [`${v.rule} (${v.impact}): ${v.help}`, ...v.targets.map((t) => `    ${t.target}  ${t.html}`)].join("\n"))
    .join("\n");
}

const audited = [];

/** Checks the screen shown now and remembers its counts under `screen` for auditSummary(). */
export async function auditScreen(session, screen, options) {
  const violations = await axeViolations(session, options);
  audited.push({
    screen,
    rules: violations.length,
    elements: violations.reduce((n, v) => n + v.targets.length, 0),
    byRule: Object.fromEntries(violations.map((v) => [v.rule, v.targets.length])),
  });
  return violations;
}

/** Every screen audited so far with its counts, and the totals. */
export function auditSummary() {
  const total = audited.reduce((n, a) => n + a.elements, 0);
  const rules = [...new Set(audited.flatMap((a) => Object.keys(a.byRule)))].sort();
  return { screens: audited.slice(), elements: total, rules };
}
