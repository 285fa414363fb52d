// Runs every vector of testdata/conformance/ through the package, compared
// as engine/conformance_test.go (g*, e*) and engine/conduct_test.go (c*)
// compare them: the browser face must give the CLI's answers to the last
// digit. Decimals are compared as strings, rounded exactly on their digits
// where the Go test rounds (category percents, 2 places half up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { Norms, NormsError, normalizeDecimal, roundDecimal, formatDiagnostic } from '../index.js';
import { read, rawMember } from './helpers.js';

const dir = 'testdata/conformance/';
const files = readdirSync(new URL('../../../' + dir, import.meta.url)).filter((f) => /^[gec]\d+.*\.json$/.test(f)).sort();

test('the corpus is there', () => {
  assert.ok(files.filter((f) => f.startsWith('g')).length >= 60, 'grading vectors');
  assert.ok(files.filter((f) => f.startsWith('e')).length >= 10, 'error vectors');
  assert.ok(files.filter((f) => f.startsWith('c')).length >= 22, 'conduct vectors');
});

// load compiles norms, collecting diagnostics as Check returns them.
async function load(text, diags) {
  try {
    const norms = await Norms.load(text);
    diags.push(...norms.check().diagnostics);
    return norms;
  } catch (e) {
    if (!(e instanceof NormsError)) throw e;
    diags.push(...e.diagnostics);
    return null;
  }
}

// attempt runs one call of the package, collecting the diagnostics of a
// NormsError as the Go tests append them.
function attempt(diags, fn) {
  try {
    const r = fn();
    diags.push(...(r.diagnostics ?? []));
    return r;
  } catch (e) {
    if (!(e instanceof NormsError)) throw e;
    diags.push(...e.diagnostics);
    return null;
  }
}

const hasErrors = (ds) => ds.some((d) => d.severity === 'error');
const showAll = (ds) => ds.map(formatDiagnostic).join('\n');
// decimalText reads an expected decimal as the Go test does: null is "none".
const decimalText = (v) => (v === null ? 'none' : normalizeDecimal(typeof v === 'number' ? String(v) : v));
const show = (d) => (d === null || d === undefined ? 'none' : normalizeDecimal(d));

for (const f of files) {
  test(f.replace(/\.json$/, ''), async () => {
    const raw = read(dir + f);
    const v = JSON.parse(raw);
    if (f.startsWith('c')) await conductVector(v, raw);
    else await gradingVector(v, raw);
  });
}

async function gradingVector(v, raw) {
  const diags = [];
  const norms = await load(v.norms, diags);
  const book = rawMember(raw, 'gradebook');
  let report = null;
  if (norms && book !== undefined) {
    report = attempt(diags, () => norms.grade(book, { format: 'json', file: 'gradebook.json' }));
  }
  try {
    if (v.expect.errors?.length) {
      for (const want of v.expect.errors) {
        const found = diags.some((d) => d.code === want.code && (!want.line || d.line === want.line) && (!want.column || d.column === want.column));
        assert.ok(found, `expected error ${want.code} at ${want.line}:${want.column}, got:\n${showAll(diags)}`);
      }
      return;
    }
    assert.ok(!hasErrors(diags), `unexpected errors:\n${showAll(diags)}`);
    const byID = new Map(report.students.map((s) => [s.id, s]));
    for (const want of v.expect.students) {
      const got = byID.get(want.id);
      assert.ok(got, `student ${want.id}: not in the report`);
      compareStudent(want, got);
    }
  } finally {
    norms?.close();
  }
}

function compareStudent(want, got) {
  const id = `student ${want.id}`;
  assert.equal(got.error ?? '', '', `${id}: grading error`);
  for (const [name, w] of Object.entries(want.categories ?? {})) {
    const cr = got.categories.find((c) => c.name === name);
    assert.ok(cr, `${id}: no category ${name}`);
    const g = cr.percent === null ? 'none' : roundDecimal(cr.percent, 2);
    assert.equal(g, decimalText(w), `${id}: ${name} (exact ${cr.percent})`);
  }
  if ('rounded' in want) assert.equal(show(got.rounded), decimalText(want.rounded), `${id}: rounded final (exact ${got.final})`);
  if ('letter' in want) assert.equal(got.letter, want.letter, `${id}: letter`);
  if ('projected' in want) assert.equal(show(got.projected), decimalText(want.projected), `${id}: projected`);
  if ('projected_letter' in want) assert.equal(got.projected_letter, want.projected_letter, `${id}: projected letter`);
  if ('flags' in want) assert.equal((got.flags ?? []).join('|'), want.flags.join('|'), `${id}: flags`);
  if ('missing_count' in want) assert.equal(got.missing_count, want.missing_count, `${id}: missing_count`);
}

async function conductVector(v, raw) {
  assert.ok(v.description, 'a vector must say how its expectations were worked out');
  const diags = [];
  const norms = await load(v.norms, diags);
  let rep = null;
  try {
    if (norms) {
      let log = null;
      let format = '';
      if (v.incidents_csv !== undefined && v.incidents_csv !== null) [log, format] = [v.incidents_csv, 'csv'];
      else if (v.incidents !== undefined) [log, format] = [rawMember(raw, 'incidents'), 'json'];
      if (log !== null) rep = attempt(diags, () => norms.conduct(log, { format, asOf: v.as_of || undefined, student: v.student || undefined }));
    }
    const want = v.expect;
    for (const w of want.errors ?? []) {
      const found = diags.some((d) => d.code === w.code && (!w.line || d.line === w.line) && (!w.column || d.column === w.column) &&
        (!w.path || d.path === w.path) && d.message.includes(w.message ?? ''));
      assert.ok(found, `expected ${w.code} at ${w.line}:${w.column} path ${w.path} (${w.message}), got:\n${showAll(diags)}`);
    }
    if (want.errors?.length) {
      assert.ok(hasErrors(diags), 'expected errors, got none');
      return;
    }
    assert.ok(!hasErrors(diags), `unexpected errors:\n${showAll(diags)}`);
    const warnings = want.warnings ?? [];
    for (const code of warnings) assert.ok(diags.some((d) => d.code === code), `expected warning ${code}, got:\n${showAll(diags)}`);
    for (const d of diags) assert.ok(warnings.includes(d.code), `unexpected warning: ${formatDiagnostic(d)}`);
    if (want.examples?.length) {
      // test() runs every example, grading and conduct, in the file's order;
      // the conduct vectors' norms have conduct examples only.
      const got = norms.test().examples;
      assert.equal(got.length, want.examples.length, `example results: ${JSON.stringify(got)}`);
      want.examples.forEach((w, i) => {
        assert.equal(got[i].name, w.name, `example ${i}`);
        assert.equal(got[i].pass, w.pass, `example ${i} (${w.name}): ${got[i].failures}`);
      });
    }
    if (want.incidents) {
      assert.ok(rep, 'no report');
      assert.equal(rep.incidents.length, want.incidents.length, JSON.stringify(rep.incidents, null, 2));
      want.incidents.forEach((w, i) => {
        const g = rep.incidents[i];
        const got = {
          row: g.row, occurrence: g.occurrence, consequence: g.consequence,
          rules: (g.rules ?? []).map((r) => r.name).join('|'), escalated_to: g.escalated_to ?? '', flags: (g.flags ?? []).join('|'),
        };
        const exp = {
          row: w.row, occurrence: w.occurrence, consequence: w.consequence,
          rules: (w.rules ?? []).join('|'), escalated_to: w.escalated_to ?? '', flags: (w.flags ?? []).join('|'),
        };
        for (const k of ['behavior', 'date', 'time', 'student_id', 'teacher']) {
          if (w[k] !== undefined && w[k] !== null) { got[k] = g[k] ?? ''; exp[k] = w[k]; }
        }
        assert.deepEqual(got, exp, `incident ${i} (in date order)`);
      });
    }
    if (want.standing) {
      assert.equal((rep.standing ?? []).length, want.standing.length, JSON.stringify(rep.standing, null, 2));
      want.standing.forEach((w, i) => {
        const g = rep.standing[i];
        const got = { student_id: g.student_id, behavior: g.behavior, count: g.count, next: g.next ?? '', next_rules: (g.next_rules ?? []).map((r) => r.name).join('|') };
        const exp = { student_id: w.student_id, behavior: w.behavior, count: w.count, next: w.next ?? '', next_rules: (w.next_rules ?? []).join('|') };
        if (w.since !== undefined && w.since !== null) { got.since = g.since ?? ''; exp.since = w.since; }
        assert.deepEqual(got, exp, `standing ${i}`);
      });
    }
  } finally {
    norms?.close();
  }
}
