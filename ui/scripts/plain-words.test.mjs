// Tests of ui/src/plainWords.ts (the plain words that stand for technical figures on a party's
// screen), run with `node --test scripts/plain-words.test.mjs`. The module is TypeScript: esbuild
// (vite's own, already in node_modules) strips its types, and the result is imported as is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";

const source = readFileSync(new URL("../src/plainWords.ts", import.meta.url), "utf8");
const { code } = transformSync(source, { loader: "ts", format: "esm" });
const plain = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);

test("a document's type becomes the kind of file a party knows", () => {
  assert.equal(plain.fileKind("application/pdf"), "pdf");
  assert.equal(plain.fileKind("Application/PDF; charset=binary"), "pdf");
  assert.equal(plain.fileKind("image/jpeg"), "picture");
  assert.equal(plain.fileKind("image/png"), "picture");
  assert.equal(plain.fileKind("text/plain; charset=utf-8"), "text");
  assert.equal(plain.fileKind("application/octet-stream"), "other");
});

test("sizes read as a file manager shows them", () => {
  assert.equal(plain.fileSize(0), "0 B");
  assert.equal(plain.fileSize(1023), "1023 B");
  assert.equal(plain.fileSize(1024), "1 KB");
  assert.equal(plain.fileSize(23_552), "23 KB");
  assert.equal(plain.fileSize(1024 * 1024), "1.0 MB");
  assert.equal(plain.fileSize(1_468_006), "1.4 MB");
});

test("the device check's figures become good, fair or poor", () => {
  // Good is the core's own verdict, whatever the figures.
  assert.equal(plain.networkGrade({ good_enough: true, download_kbps: 1000, rtt_ms: 299 }), "good");
  // Not good enough, but one camera's 600 kbit/s stream fits and people can talk over the delay.
  assert.equal(plain.networkGrade({ good_enough: false, download_kbps: 600, rtt_ms: 599 }), "fair");
  assert.equal(plain.networkGrade({ good_enough: false, download_kbps: 5000, rtt_ms: 400 }), "fair");
  // Below either bound the picture and sound break up.
  assert.equal(plain.networkGrade({ good_enough: false, download_kbps: 599, rtt_ms: 50 }), "poor");
  assert.equal(plain.networkGrade({ good_enough: false, download_kbps: 5000, rtt_ms: 600 }), "poor");
});
