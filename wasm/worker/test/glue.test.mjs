// glue.test.mjs: the JS <-> Go glue of the worker (wasm/httpapi.go), in
// Node without workerd: configure's options given as a JS object (each
// field, and each wrong type refused), the Content-Length handed to
// handle, the headers text, and warmUp. Run by test.sh: node --test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import { root } from "./helpers.mjs";

globalThis.crypto ??= webcrypto;
const dist = join(root, "wasm", "worker", "dist");
await import(join(dist, "wasm_exec.js"));
const mod = await WebAssembly.compile(readFileSync(join(dist, "norms.wasm")));
const go = new globalThis.Go();
go.run(new WebAssembly.Instance(mod, go.importObject));
const api = globalThis.__normsAPI;
const norms = readFileSync(join(root, "engine", "starter", "norms.yaml"), "utf8");
const text = (a) => new TextDecoder().decode(a.body);
const post = (path, body, cl) => {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return api.handle("POST", path, bytes, cl === undefined ? String(bytes.byteLength) : cl);
};

test("configure takes the options as an object", () => {
  const conf = api.configure({ cors_origin: "https://school.example", max_body_bytes: 123456, named_norms: { grade7: norms } });
  assert.deepEqual({ ...conf }, { ok: true, max_body_bytes: 123456 });
  const a = post("/v1/check", { norms_name: "grade7" });
  assert.equal(a.status, 200, text(a));
  assert.equal(JSON.parse(text(a)).team, "Grade 7 Team");
  const h = JSON.parse(a.headers);
  assert.equal(h["Access-Control-Allow-Origin"], "https://school.example");
  assert.equal(h["Content-Type"], "application/json; charset=utf-8");
  // The same headers, the same text: the worker parses each text once.
  assert.equal(post("/v1/check", { norms_name: "grade7" }).headers, a.headers);
});

test("configure refuses options of the wrong type, naming them", () => {
  for (const [options, want] of [
    [{ max_body_bytes: "5" }, /"max_body_bytes" must be a whole number/],
    [{ max_body_bytes: 1.5 }, /"max_body_bytes" must be a whole number/],
    [{ cors_origin: 7 }, /"cors_origin" must be a string/],
    [{ named_norms: "grade7" }, /"named_norms" must be an object/],
    [{ named_norms: { grade7: 3 } }, /named_norms\["grade7"\] must be the text of a norms file/],
    [{ named_norms: { broken: "norms: 1\nteam: [" } }, /named norms "broken" do not compile/],
  ]) {
    const conf = api.configure(options);
    assert.equal(conf.ok, false, JSON.stringify(options));
    assert.match(conf.error, want);
  }
  // Its JSON text is still taken, and null fields are left at their defaults.
  assert.equal(api.configure('{"max_body_bytes": 1000}').max_body_bytes, 1000);
  assert.equal(api.configure({ max_body_bytes: null, cors_origin: null, named_norms: null }).max_body_bytes, 5000000);
});

test("handle reads the Content-Length it is given", () => {
  api.configure({ max_body_bytes: 1000 });
  assert.equal(post("/v1/check", { norms: "norms: 1" }, "1001").status, 413);
  assert.equal(post("/v1/check", { norms: "norms: 1" }, null).status, 400); // no length: the body decides
  const big = post("/v1/check", { norms: "x".repeat(2000) }, null);
  assert.equal(big.status, 413, text(big));
  api.configure({});
});

test("warmUp grades the starter norms twice", () => {
  assert.deepEqual([...api.warmUp()], [200, 200]);
});
