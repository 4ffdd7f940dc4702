// The desktop app in its real window (tauri-driver + WebKitWebDriver under Xvfb), against the
// real court service: sign in, see cases, lose the court, restart offline, come back online.
// Screenshots go to docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, waitFor } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const bin = process.env.ECOURT_BIN_DIR ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug");
const app = join(bin, "ecourt-desktop");
const server = join(bin, "ecourt-server");
const shots = join(root, "docs", "screenshots");
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "ecourt-e2e-"));
const children = [];
const sessions = [];

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([done, sleep(5000).then(() => child.kill("SIGKILL"))]);
  await done;
}

async function healthy(url) {
  return waitFor(async () => (await fetch(url + "/api/v1/health")).ok, `court at ${url}`, 30_000);
}

/** A court service on its own SQLite file, seeded with the demo data. */
function court(port) {
  const db = `sqlite://${join(work, "court.sqlite")}`;
  execFileSync(server, ["--database-url", db, "seed-demo"], { stdio: "inherit" });
  return start(server, ["--database-url", db, "serve", "--listen", `127.0.0.1:${port}`]);
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

after(async () => {
  for (const s of sessions) await s.end().catch(() => {});
  for (const c of children.reverse()) await stop(c);
});

test("embedded mode: the demo accounts are offered and a party sees only their cases", async () => {
  const d = await driver({ ECOURT_DATA_DIR: join(work, "embedded"), ECOURT_SERVER_URL: "" }, 4444);
  const s = await Session.start(d.base, app);
  try {
    await s.$("[data-testid=demo-accounts]");
    await s.$("[data-testid=demo-party1]");
    await s.screenshot(join(shots, "sign-in.png"));
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
    await s.screenshot(join(shots, "case-list-large-text-en.png"));
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
  await s.screenshot(join(shots, "case-list.png"));
  const firstOpen = await s.attr("[data-testid^=open-case-]", "data-testid");
  const caseId = firstOpen.replace("open-case-", "");
  await s.click(`[data-testid=${firstOpen}]`);
  const title = await s.text("[data-testid=case-title]");
  await s.waitForText("[data-testid=case-detail]", "民事起诉状");
  await s.screenshot(join(shots, "case-detail.png"));
  await s.click("[data-testid^=preview-]");
  await s.waitForText("[data-testid=document-preview]", "诉讼请求");
  await s.screenshot(join(shots, "document-preview.png"));
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
  await s.screenshot(join(shots, "offline.png"));

  // The court is back: the mark goes by itself and the message reaches the court, once.
  service = court(port);
  await healthy(url);
  await s.waitForAttr("[data-testid=connection]", "data-state", "online", 45_000);
  await s.waitForText("[data-testid=case-detail]", "王雪峰留言", 30_000);
  assert.equal((await s.$$("[data-testid^=outbox-]")).length, 0, "the outbox is empty");
  await s.screenshot(join(shots, "back-online.png"));
  await s.end();
  await stop(d.child);
  await stop(service);
});
