// Figures for the desktop: cold start to an interactive case list (a signed-in user reopening
// the app, embedded court, cache already filled), and the idle memory (PSS) of the app's
// process tree. Needs tauri-driver, WebKitWebDriver and a display (scripts/bench.sh sets up Xvfb).
// Usage: node benches/desktop.mjs PATH/TO/ecourt-desktop [RUNS]
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, waitFor } from "../tests/e2e/webdriver.mjs";

const app = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const data = mkdtempSync(join(tmpdir(), "ecourt-bench-"));
const driver = spawn("tauri-driver", ["--port", "4460", "--native-port", "4461"], {
  env: { ...process.env, ECOURT_DATA_DIR: data, ECOURT_SERVER_URL: "" },
  stdio: "ignore",
});
const base = "http://127.0.0.1:4460";
await waitFor(async () => (await fetch(base + "/status")).ok, "tauri-driver");
const rows = async (s) => (await s.$$("[data-testid=case-list] .el-table__body tr")).length;

// First start: sign in once so that later starts reopen on the cached list.
let s = await Session.start(base, app);
await s.click("[data-testid=demo-lawyer1]");
await s.click("[data-testid=sign-in]");
await waitFor(async () => (await rows(s)) > 0, "case list", 60_000);
await s.end();

const times = [];
let pss = null;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  s = await Session.start(base, app);
  await waitFor(async () => (await rows(s)) > 0, "case list", 60_000);
  const ms = performance.now() - t0;
  times.push(ms);
  console.log(`start ${i + 1}: ${ms.toFixed(0)} ms to an interactive case list`);
  if (i === runs - 1) {
    await sleep(15_000);
    pss = treePss();
  }
  await s.end();
}
driver.kill();
times.sort((a, b) => a - b);
console.log(`median cold start: ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} starts`);
console.log(`idle PSS of the app's process tree after 15 s: ${(pss.total / 1024).toFixed(0)} MiB (${pss.detail})`);

function treePss() {
  const root = execFileSync("pgrep", ["-n", "-f", app]).toString().trim();
  const children = (pid) =>
    readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1] === pid;
        } catch {
          return false;
        }
      });
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  let total = 0;
  const parts = [];
  for (const pid of all) {
    try {
      const kb = Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))[1]);
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      total += kb;
      parts.push(`${name} ${(kb / 1024).toFixed(0)}`);
    } catch {}
  }
  return { total, detail: parts.join(", ") };
}
