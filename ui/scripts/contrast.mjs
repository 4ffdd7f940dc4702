// Contrast of the theme's pairs (WCAG 2.1: 1.4.3 text 4.5:1, 1.4.11 control edges and the focus
// ring 3:1), computed from the colours themselves: Element Plus's own variables, overridden by
// src/theme.css, with `var()` resolved as the browser would. Fails (exit 1) when a pair falls short
// or when theme.css leaves a shade of a colour family to Element Plus's defaults.
// Run: npm run check:contrast (`node scripts/contrast.mjs --before`: Element Plus's defaults)
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ui = resolve(import.meta.dirname, "..");
const elementCss = readFileSync(join(ui, "node_modules/element-plus/dist/index.css"), "utf8");
const themeCss = readFileSync(join(ui, "src/theme.css"), "utf8");

/** The custom properties declared in the `:root` blocks of a sheet (comments dropped). */
function rootVariables(css) {
  const vars = new Map();
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (const block of text.matchAll(/(?:^|[}\s]):root\s*\{([^}]*)\}/g)) {
    for (const decl of block[1].split(";")) {
      const m = decl.match(/^\s*(--[\w-]+)\s*:\s*([\s\S]*?)\s*$/);
      if (m) vars.set(m[1], m[2]);
    }
  }
  return vars;
}

const element = rootVariables(elementCss);
const theme = rootVariables(themeCss);
// `--before`: the same pairs with Element Plus's own colours (the theme's other variables kept),
// to show what the theme changes; it is expected to fail.
const before = process.argv.includes("--before");
const vars = before
  ? new Map([...[...theme].filter(([name]) => !element.has(name)), ...element])
  : new Map([...element, ...theme]);

/** A value with its `var(--x)` / `var(--x, fallback)` references replaced, as the cascade would. */
function resolveValue(value, seen = new Set()) {
  return value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g, (_, name, fallback) => {
    if (seen.has(name)) throw new Error(`${name} refers to itself`);
    const v = vars.get(name) ?? fallback;
    if (v === undefined) throw new Error(`${name} is not defined`);
    return resolveValue(v.trim(), new Set([...seen, name]));
  });
}

const NAMED = { white: [255, 255, 255, 1], black: [0, 0, 0, 1], transparent: [0, 0, 0, 0] };

/** [r, g, b, alpha] of a colour written as #rgb, #rrggbb, #rrggbbaa, rgb(), rgba() or a name. */
function parseColour(text) {
  const c = resolveValue(text).trim().toLowerCase();
  if (NAMED[c]) return NAMED[c];
  let m = c.match(/^#([0-9a-f]{3,8})$/);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((x) => x + x).join("");
    const n = (i) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  m = c.match(/^rgba?\(([^)]*)\)$/);
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p[3] ?? 1];
  }
  throw new Error(`not a colour: ${text} (${c})`);
}

/** A colour with transparency laid over an opaque background. */
function over([r, g, b, a], [br, bg, bb]) {
  return [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a), 1];
}

/** Relative luminance, WCAG 2.1's definition. */
function luminance([r, g, b]) {
  const f = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

function ratio(fg, bg, behind = "#ffffff") {
  const base = over(parseColour(bg), parseColour(behind));
  const front = over(parseColour(fg), base);
  const [hi, lo] = [luminance(front), luminance(base)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = 4.5;
const EDGE = 3;
const FAMILIES = ["primary", "success", "warning", "danger", "info"];
const SHADES = ["", "-light-3", "-light-5", "-light-7", "-light-8", "-light-9", "-dark-2"];
const fam = (f, shade = "") => `var(--el-color-${f}${shade})`;

/** [foreground, background, minimum, where the pair is seen, what shows through a see-through background]. */
const pairs = [];
for (const f of FAMILIES) {
  pairs.push(
    ["#ffffff", fam(f), TEXT, `${f} button: its words`],
    ["#ffffff", fam(f, "-light-3"), TEXT, `${f} button under the pointer`],
    ["#ffffff", fam(f, "-dark-2"), TEXT, `${f} button pressed`],
    [fam(f), "#ffffff", TEXT, `${f} link button, text and check marks on white`],
    [fam(f), "var(--page-bg)", TEXT, `${f} words on the page`],
    [fam(f), fam(f, "-light-9"), TEXT, `${f} tag, alert, toast, plain button`],
    [fam(f, "-dark-2"), "#ffffff", TEXT, `${f} link button under the pointer`],
  );
}
pairs.push(
  ["var(--el-text-color-primary)", "#ffffff", TEXT, "main text"],
  ["var(--el-text-color-primary)", "var(--page-bg)", TEXT, "main text on the page"],
  ["var(--el-text-color-regular)", "#ffffff", TEXT, "field text, default button, table cells"],
  ["var(--el-text-color-regular)", "var(--el-fill-color-light)", TEXT, "table row under the pointer, description labels"],
  ["var(--el-text-color-regular)", "var(--el-color-primary-light-9)", TEXT, "default button under the pointer"],
  ["var(--el-color-primary)", "var(--el-color-primary-light-9)", TEXT, "default button under the pointer: its words"],
  ["var(--el-text-color-secondary)", "#ffffff", TEXT, "table headings, timestamps, empty lists"],
  ["var(--el-text-color-secondary)", "var(--page-bg)", TEXT, "secondary words on the page"],
  ["var(--el-text-color-placeholder)", "#ffffff", TEXT, "placeholders, steps still to come"],
  ["var(--el-text-color-placeholder)", "var(--el-disabled-bg-color)", TEXT, "placeholder of a greyed field"],
  ["var(--el-disabled-text-color)", "var(--el-disabled-bg-color)", TEXT, "greyed button and field"],
  ["var(--el-disabled-text-color)", "#ffffff", TEXT, "greyed link button"],
  ["var(--el-disabled-text-color)", "var(--page-bg)", TEXT, "greyed link button on the page"],
  ["var(--text)", "var(--card-bg)", TEXT, "text on a card"],
  ["var(--text-muted)", "var(--card-bg)", TEXT, "muted words on a card"],
  ["var(--text-muted)", "var(--page-bg)", TEXT, "muted words on the page"],
  ["var(--text-bad)", "#ffffff", TEXT, "overdue, fee total, poor network"],
  ["var(--text-warn)", "#ffffff", TEXT, "due soon, fair network"],
  ["var(--text-good)", "#ffffff", TEXT, "good network, speaking"],
  ["var(--on-red)", "var(--court-red)", TEXT, "top bar"],
  ["var(--text)", "var(--notice-bg)", TEXT, "notice"],
  ["var(--text)", "var(--draft-bg)", TEXT, "draft chip"],
  ["var(--badge-verified-text)", "var(--badge-verified-bg)", TEXT, "verified badge"],
  ["var(--badge-unverified-text)", "var(--badge-unverified-bg)", TEXT, "not verified badge"],
);
for (const state of ["online", "offline", "expired", "unknown"]) {
  pairs.push(
    [`var(--status-${state}-text)`, `var(--status-${state}-bg)`, TEXT, `status bar ${state}`],
    ["var(--text-muted)", `var(--status-${state}-bg)`, TEXT, `status bar ${state}: last synced`],
    ["var(--focus-ring)", `var(--status-${state}-bg)`, EDGE, `focus ring in the status bar ${state}`],
  );
}
pairs.push(
  ["var(--el-border-color)", "#ffffff", EDGE, "edge of a field, check box, radio button, plain button"],
  ["var(--focus-ring)", "#ffffff", EDGE, "focus ring on white"],
  ["var(--focus-ring)", "var(--page-bg)", EDGE, "focus ring on the page"],
  ["var(--focus-ring)", "var(--el-color-primary-light-9)", EDGE, "focus ring on a tinted row"],
  ["var(--focus-ring-on-red)", "var(--court-red)", EDGE, "focus ring on the top bar"],
  ["var(--on-red)", "var(--court-red)", EDGE, "large-text switch's edge on the top bar"],
  ["var(--court-gold)", "var(--court-red)", EDGE, "large-text switch on"],
  ["rgba(255, 255, 255, 0.7)", "var(--court-red)", EDGE, "edge of the top bar's buttons"],
  ["var(--on-red)", "rgba(255, 255, 255, 0.15)", TEXT, "top bar button under the pointer", "var(--court-red)"],
);

let failed = 0;
for (const f of before ? [] : FAMILIES) {
  for (const s of SHADES) {
    if (!theme.has(`--el-color-${f}${s}`)) {
      console.log(`FAIL  theme.css leaves --el-color-${f}${s} to Element Plus`);
      failed++;
    }
  }
}
for (const [fg, bg, min, what, behind] of pairs) {
  let r;
  try {
    r = ratio(fg, bg, behind);
  } catch (e) {
    console.log(`FAIL  ${what}: ${e.message}`);
    failed++;
    continue;
  }
  const ok = r >= min;
  if (!ok) failed++;
  const show = (c) => `${c} = ${resolveValue(c)}`.replace(/^(#\w+) = \1$/, "$1");
  console.log(`${ok ? "ok  " : "FAIL"}  ${r.toFixed(2).padStart(5)}:1 (≥ ${min})  ${what}  [${show(fg)} on ${show(bg)}]`);
}
console.log(failed ? `\n${failed} of the theme's pairs fall short` : `\nall ${pairs.length} pairs reach their minimum`);
process.exit(failed ? 1 : 0);
