// helpers.mjs: what the worker's tests share: where the worker is, the
// conformance corpus, and exact decimal helpers (the API writes decimals as
// strings precisely so that no float ever touches them).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const corpus = join(root, "testdata", "conformance");

// base is the worker's URL, set by test.sh.
export function base() {
  const url = process.env.NORMS_URL;
  if (!url) throw new Error("NORMS_URL is not set: run wasm/worker/test.sh, which starts workerd");
  return url;
}

// class30x40 is the load test's gradebook (api/bench_test.go has the same).
// It is a gradebook of 30 students x 40 assignments in the starter
// norms' categories, with a few marks and blanks.
export function class30x40() {
  const cats = ["Homework", "Quizzes", "Tests"];
  const assignments = [];
  for (let j = 0; j < 40; j++) {
    const category = cats[j % 3];
    assignments.push({ name: `${category} ${j + 1}`, category, possible: category === "Tests" ? 100 : 10 });
  }
  const students = [];
  for (let i = 0; i < 30; i++) {
    const scores = {};
    assignments.forEach((a, j) => {
      const k = (i * 7 + j * 13) % 23;
      scores[a.name] = k === 0 ? "M" : k === 1 ? null : k === 2 ? "EX" : String(Math.round((a.possible * (60 + ((i + j * 3) % 41))) / 100));
    });
    students.push({ id: `s${i + 1}`, name: `Student ${i + 1}`, scores });
  }
  return { assignments, students };
}

// vectors lists the corpus files whose names start with one of prefixes.
export function vectors(prefixes) {
  return readdirSync(corpus)
    .filter((f) => f.endsWith(".json") && prefixes.includes(f[0]))
    .sort()
    .map((f) => ({ file: f, data: JSON.parse(readFileSync(join(corpus, f), "utf8")) }));
}

export async function post(path, body) {
  const resp = await fetch(base() + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await resp.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path}: status ${resp.status}, answer is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: resp.status, json, text };
}

// exact normalises a decimal string: no trailing zeros, no "-0"; null and
// undefined are "none".
export function exact(s) {
  if (s === null || s === undefined) return "none";
  s = String(s).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return "bad:" + s;
  let [, sign, int, frac = ""] = m;
  int = int.replace(/^0+(?=\d)/, "") || "0";
  frac = frac.replace(/0+$/, "");
  if (int === "0" && frac === "") sign = "";
  return (sign === "-" ? "-" : "") + int + (frac ? "." + frac : "");
}

// round2 rounds a decimal string to 2 places, half away from zero (the
// engine's half_up), exactly, with BigInt.
export function round2(s) {
  if (s === null || s === undefined) return "none";
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(s).trim());
  if (!m) return "bad:" + s;
  const [, sign, int, frac = ""] = m;
  const f = (frac + "000").slice(0, 3);
  let scaled = BigInt((int || "0") + f.slice(0, 2));
  if (Number(f[2]) >= 5) scaled += 1n;
  const digits = scaled.toString().padStart(3, "0");
  return exact((sign === "-" ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2));
}

// expected reads an expected value of a vector: a number, a string or null.
export function expected(v) {
  if (v === null) return "none";
  return exact(String(v));
}
