// conformance.test.mjs: every file of testdata/conformance/ (g*, e*, c*)
// sent to the worker running in workerd, compared exactly as the Go tests
// compare the engine (engine/conformance_test.go, engine/conduct_test.go)
// and the API (api/conformance_test.go). Run by test.sh: node --test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { vectors, post, exact, round2, expected } from "./helpers.mjs";

const all = vectors(["g", "e", "c"]);

test("the corpus is all there", () => {
  assert.ok(all.length >= 100, `expected 100+ vectors, found ${all.length}`);
});

function hasDiag(ds, w) {
  return (ds || []).some(
    (d) =>
      d.code === w.code &&
      (!w.line || d.line === w.line) &&
      (!w.column || d.column === w.column) &&
      (!w.path || d.path === w.path) &&
      (d.message || "").includes(w.message || ""),
  );
}

function expectErrors(path, r, errors) {
  assert.equal(r.status, 400, `${path}: status ${r.status}, want 400\n${r.text}`);
  for (const w of errors) {
    assert.ok(hasDiag(r.json.diagnostics, w), `expected ${w.code} at ${w.line}:${w.column} ${w.path || ""}, got\n${r.text}`);
  }
}

for (const { file, data: v } of all.filter((x) => x.file[0] !== "c")) {
  test(file, async () => {
    const body = { norms: v.norms };
    let path = "/v1/check";
    if (v.gradebook) {
      path = "/v1/grade";
      body.gradebook = v.gradebook;
    }
    const r = await post(path, body);
    if (v.expect.errors && v.expect.errors.length) return expectErrors(path, r, v.expect.errors);
    assert.equal(r.status, 200, `${path}: status ${r.status}\n${r.text}`);
    const byID = new Map(r.json.report.students.map((s) => [s.id, s]));
    for (const want of v.expect.students || []) {
      const got = byID.get(want.id);
      assert.ok(got, `student ${want.id} not in the report`);
      assert.ok(!got.error, `student ${want.id}: grading error ${got.error}`);
      for (const [name, w] of Object.entries(want.categories || {})) {
        const c = got.categories.find((c) => c.name === name);
        assert.ok(c, `student ${want.id}: no category ${name}`);
        assert.equal(round2(c.percent), expected(w), `student ${want.id}: ${name}`);
      }
      if ("rounded" in want) assert.equal(exact(got.rounded), expected(want.rounded), `student ${want.id}: rounded`);
      if ("letter" in want) assert.equal(got.letter, want.letter, `student ${want.id}: letter`);
      if ("projected" in want) assert.equal(exact(got.projected), expected(want.projected), `student ${want.id}: projected`);
      if ("projected_letter" in want) assert.equal(got.projected_letter, want.projected_letter, `student ${want.id}: projected letter`);
      if ("flags" in want) assert.deepEqual(got.flags, want.flags, `student ${want.id}: flags`);
      if ("missing_count" in want) assert.equal(got.missing_count, want.missing_count, `student ${want.id}: missing_count`);
    }
  });
}

const opt = (w, g) => w === undefined || w === g;

for (const { file, data: v } of all.filter((x) => x.file[0] === "c")) {
  test(file, async () => {
    const body = { norms: v.norms };
    let path = "/v1/check";
    if (v.incidents_csv !== undefined) {
      path = "/v1/conduct";
      body.incidents_csv = v.incidents_csv;
    } else if (v.incidents !== undefined) {
      path = "/v1/conduct";
      body.incidents = v.incidents;
    }
    if (path === "/v1/conduct") {
      body.as_of = v.as_of || "";
      body.student = v.student || "";
    }
    const r = await post(path, body);
    const ex = v.expect;
    if (ex.errors && ex.errors.length) return expectErrors(path, r, ex.errors);
    assert.equal(r.status, 200, `${path}: status ${r.status}\n${r.text}`);
    const warnings = ex.warnings || [];
    for (const code of warnings) assert.ok(hasDiag(r.json.diagnostics, { code }), `expected warning ${code}\n${r.text}`);
    for (const d of r.json.diagnostics) assert.ok(warnings.includes(d.code), `unexpected diagnostic ${d.code}: ${d.message}`);
    if (ex.examples && ex.examples.length) {
      const t = await post("/v1/test", { norms: v.norms });
      assert.ok(t.status === 200 || t.status === 422, `/v1/test: status ${t.status}\n${t.text}`);
      assert.deepEqual(
        t.json.examples.map((e) => [e.name, e.pass]),
        ex.examples.map((e) => [e.name, e.pass]),
      );
    }
    if (ex.incidents) {
      const got = r.json.report.incidents;
      assert.equal(got.length, ex.incidents.length, `incidents:\n${JSON.stringify(got, null, 1)}`);
      ex.incidents.forEach((w, i) => {
        const g = got[i];
        const ok =
          g.row === w.row &&
          g.occurrence === w.occurrence &&
          g.consequence === w.consequence &&
          (g.rules || []).map((r) => r.name).join("|") === (w.rules || []).join("|") &&
          (g.escalated_to || "") === (w.escalated_to || "") &&
          (g.flags || []).join("|") === (w.flags || []).join("|") &&
          opt(w.behavior, g.behavior) &&
          opt(w.date, g.date) &&
          opt(w.time, g.time || "") &&
          opt(w.student_id, g.student_id) &&
          opt(w.teacher, g.teacher || "");
        assert.ok(ok, `incident ${i} (in date order): got ${JSON.stringify(g)}\nwant ${JSON.stringify(w)}`);
      });
    }
    if (ex.standing) {
      const got = r.json.report.standing || [];
      assert.equal(got.length, ex.standing.length, `standing:\n${JSON.stringify(got, null, 1)}`);
      ex.standing.forEach((w, i) => {
        const g = got[i];
        const ok =
          g.student_id === w.student_id &&
          g.behavior === w.behavior &&
          g.count === w.count &&
          g.next === w.next &&
          (g.next_rules || []).map((r) => r.name).join("|") === (w.next_rules || []).join("|") &&
          opt(w.since, g.since || "");
        assert.ok(ok, `standing ${i}: got ${JSON.stringify(g)}\nwant ${JSON.stringify(w)}`);
      });
    }
  });
}
