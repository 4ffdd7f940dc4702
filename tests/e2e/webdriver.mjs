// A small W3C WebDriver client for tauri-driver: just what the desktop tests need.
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application) {
    const body = { capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } } };
    const value = await call(base, "POST", "/session", body, 120_000);
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    await this.cmd("DELETE", "");
  }

  async $$(css) {
    const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => e[ELEMENT]);
  }

  async $(css, timeout = 20_000) {
    return waitFor(async () => (await this.$$(css))[0], `element ${css}`, timeout);
  }

  async click(css) {
    // A notice sliding in or out (an Element Plus message after a restart offline) can cover the
    // element for a moment, and a part the screen draws again (the camera's details when its
    // picture restarts) replaces the element under the test's hand: a person would wait, or
    // find the button again, so does the test (up to 3 s); any other refusal fails at once.
    for (let attempt = 0; ; attempt++) {
      try {
        const el = await this.$(css);
        // Centre it first: scrolled to the top edge, the window's sticky bars would take the click.
        await this.cmd("POST", "/execute/sync", {
          script: "arguments[0].scrollIntoView({ block: 'center' })",
          args: [{ [ELEMENT]: el }],
        });
        await this.cmd("POST", `/element/${el}/click`, {});
        return;
      } catch (e) {
        if (attempt >= 10 || !/click intercepted|stale element/.test(String(e.message))) throw e;
        await sleep(300);
      }
    }
  }

  async type(css, text) {
    const el = await this.$(css);
    // WebDriver's clear fires no input event, so Vue would keep the old value: empty the field
    // the way typing would, then type.
    await this.cmd("POST", "/execute/sync", {
      script: "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }))",
      args: [{ [ELEMENT]: el }],
    });
    await this.cmd("POST", `/element/${el}/value`, { text });
  }

  /** Chooses a file in an `<input type=file>` (the driver reads it from disk). */
  async chooseFile(css, path) {
    const el = await this.$(css);
    await this.cmd("POST", `/element/${el}/value`, { text: path });
  }

  /** Runs a script in the window and answers its value. */
  async exec(script) {
    return this.cmd("POST", "/execute/sync", { script, args: [] });
  }

  /** Runs a script that calls `done(value)` (its last argument) when it has an answer. */
  async execAsync(script) {
    return this.cmd("POST", "/execute/async", { script: `const done = arguments[arguments.length - 1]; ${script}`, args: [] });
  }

  async text(css) {
    const el = await this.$(css);
    return this.cmd("GET", `/element/${el}/text`);
  }

  async attr(css, name) {
    const el = await this.$(css);
    return this.cmd("GET", `/element/${el}/attribute/${name}`);
  }

  async screenshot(path) {
    const fs = await import("node:fs/promises");
    const png = await this.cmd("GET", "/screenshot");
    await fs.writeFile(path, Buffer.from(png, "base64"));
  }

  async waitForText(css, expected, timeout = 30_000) {
    return waitFor(async () => {
      const els = await this.$$(css);
      for (const el of els) {
        const t = await this.cmd("GET", `/element/${el}/text`);
        if (t.includes(expected)) return t;
      }
      return undefined;
    }, `text ${JSON.stringify(expected)} in ${css}`, timeout);
  }

  async waitForAttr(css, name, expected, timeout = 30_000) {
    return waitFor(async () => {
      const els = await this.$$(css);
      if (!els.length) return undefined;
      const v = await this.cmd("GET", `/element/${els[0]}/attribute/${name}`);
      return v === expected ? v : undefined;
    }, `${css}[${name}=${expected}]`, timeout);
  }
}

export async function waitFor(probe, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

async function call(base, method, path, body, timeout = 30_000) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  });
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}
