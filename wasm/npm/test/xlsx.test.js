// Tests of the xlsx module (dist/norms-xlsx.wasm, wasm/build.sh xlsx):
// an .xlsx gradebook is graded as the CLI grades it, and norms.fill writes
// the very workbook `norms fill` writes from the same inputs. The workbooks
// are made and compared by wasm/internal/xlsxcheck (excelize, in Go), and
// the CLI is the repository's own, built once for these tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Norms, NormsError, formatDiagnostic, version } from '../index.js';
import { read, root } from './helpers.js';

const normsText = read('engine/starter/norms.yaml');
const date = '2026-01-15';
let dir, norms, engineNorms;

// tool runs one of the Go commands built in before() in dir.
const tool = (name, ...args) => spawnSync(join(dir, name), args, { cwd: dir, encoding: 'utf8' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'norms-xlsx-'));
  execFileSync('go', ['build', '-o', dir + '/', './cmd/norms', './wasm/internal/xlsxcheck'], { cwd: root, stdio: 'inherit' });
  copyFileSync(join(root, 'engine/starter/norms.yaml'), join(dir, 'norms.yaml'));
  const r = tool('xlsxcheck', 'sample', 'book.xlsx');
  assert.equal(r.status, 0, r.stderr);
  norms = await Norms.load(normsText, { module: 'xlsx' });
  engineNorms = await Norms.load(normsText);
});

after(() => {
  norms?.close();
  engineNorms?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// cliFill runs norms fill in dir and returns the filled workbook's bytes.
function cliFill(book, out, ...flags) {
  const r = tool('norms', 'fill', '--norms', 'norms.yaml', '--date', date, ...flags, '-o', out, book);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(dir, out));
}

// sameWorkbook asks xlsxcheck whether two workbooks in dir hold the same
// sheets, values and formulas.
function sameWorkbook(want, got) {
  const r = tool('xlsxcheck', 'compare', want, got);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^same: /);
  return r.stdout;
}

test('the two modules: only the xlsx one reads and fills workbooks', () => {
  assert.equal(engineNorms.module, 'engine');
  assert.equal(norms.module, 'xlsx');
  assert.deepEqual(version('engine').formats, ['csv', 'json']);
  assert.equal(version('engine').fill, false);
  assert.deepEqual(version('xlsx').formats, ['csv', 'json', 'xlsx']);
  assert.equal(version('xlsx').fill, true);
  const book = readFileSync(join(dir, 'book.xlsx'));
  for (const f of [() => engineNorms.grade(book), () => engineNorms.fill(book)]) {
    assert.throws(f, (e) => e instanceof NormsError && e.diagnostics[0].code === 'wasm/no-xlsx' && /module: 'xlsx'/.test(e.message));
  }
});

test('an .xlsx gradebook is graded as the CLI grades it, and as its CSV', () => {
  const book = readFileSync(join(dir, 'book.xlsx'));
  const report = norms.grade(book, { file: 'book.xlsx' });
  const r = tool('norms', 'grade', '--norms', 'norms.yaml', '--format', 'json', 'book.xlsx');
  assert.equal(r.status, 0, r.stderr);
  const cli = JSON.parse(r.stdout);
  assert.equal(report.students.length, cli.students.length);
  for (const [i, s] of cli.students.entries()) {
    const g = report.students[i];
    assert.equal(g.id, s.id);
    assert.equal(g.letter, s.letter, s.id);
    assert.equal(g.final, s.final === null ? null : String(s.final), s.id);
    assert.deepEqual(g.flags, s.flags, s.id);
  }
  const csv = engineNorms.grade(read('engine/starter/gradebook.csv'));
  assert.deepEqual(report.students, csv.students, 'the workbook grades as the CSV it was typed from');
  const ex = norms.explain(book, '7002');
  assert.match(ex.text, /Jordan Lee \(7002\)/);
});

test('fill writes the workbook norms fill writes', () => {
  const book = readFileSync(join(dir, 'book.xlsx'));
  for (const [flags, opts, name] of [[[], {}, 'plain'], [['--formulas', '--explain'], { formulas: true, explain: true }, 'formulas']]) {
    const want = cliFill('book.xlsx', `cli-${name}.xlsx`, ...flags);
    const got = norms.fill(book, { file: 'book.xlsx', date, ...opts });
    assert.ok(got.bytes instanceof Uint8Array, 'the filled workbook is a Uint8Array');
    assert.equal(got.summary, 'graded 8 students in 1 sheet');
    assert.equal(got.students, 8);
    assert.equal(got.ungraded, 0);
    assert.deepEqual(got.sheets.map((s) => s.name), ['Gradebook']);
    assert.equal(got.sheets[0].report.students[0].letter, 'A');
    writeFileSync(join(dir, `wasm-${name}.xlsx`), got.bytes);
    const same = sameWorkbook(`cli-${name}.xlsx`, `wasm-${name}.xlsx`);
    assert.match(same, name === 'plain' ? /Gradebook, Norms\b/ : /Gradebook, Norms, Explain/);
    // norms fill is deterministic, and so is the module: the very bytes.
    assert.ok(Buffer.from(got.bytes).equals(want), `${name}: the module's workbook is byte for byte the CLI's`);
  }
  // Filling the filled workbook again replaces the results: the same book.
  const once = norms.fill(book, { date }).bytes;
  const twice = norms.fill(once, { date }).bytes;
  assert.ok(Buffer.from(twice).equals(Buffer.from(once)));
});

test('bad bytes and bad cells are diagnostics at their cell, and the next call works', () => {
  // Not a workbook at all.
  assert.throws(() => norms.fill(new TextEncoder().encode('Student,ID\nAna,1\n'), { file: 'grades.xlsx', date }), (e) => {
    assert.ok(e instanceof NormsError);
    assert.equal(e.diagnostics[0].code, 'xlsx/format');
    assert.equal(e.diagnostics[0].file, 'grades.xlsx');
    return true;
  });
  assert.throws(() => norms.fill('text', { date }), TypeError);
  assert.throws(() => norms.fill(new Uint8Array(10), { date: '15/01/2026' }), (e) => e.diagnostics[0].code === 'wasm/options');

  // A score that is not one: the CLI and the module name the same cell.
  const bad = tool('xlsxcheck', 'sample', 'bad.xlsx', 'Gradebook!D7=lots');
  assert.equal(bad.status, 0, bad.stderr);
  const cli = tool('norms', 'fill', '--norms', 'norms.yaml', '--date', date, '-o', 'bad-out.xlsx', 'bad.xlsx');
  assert.equal(cli.status, 1, 'norms fill exits 1 on a bad cell');
  let err;
  assert.throws(() => norms.fill(readFileSync(join(dir, 'bad.xlsx')), { file: 'bad.xlsx', date }), (e) => { err = e; return e instanceof NormsError; });
  const d = err.diagnostics.find((x) => x.severity === 'error');
  assert.equal(d.path, 'Gradebook!D7');
  assert.match(d.message, /^Gradebook!D7: /);
  // What the CLI printed for it, the same line (file: message [code]).
  assert.ok(cli.stderr.includes(formatDiagnostic(d).split('\n')[0].replace(/ \[[^\]]*\]$/, '')), `CLI said:\n${cli.stderr}\nmodule said:\n${formatDiagnostic(d)}`);

  // And the module is still serving.
  const ok = norms.fill(readFileSync(join(dir, 'book.xlsx')), { date });
  assert.equal(ok.students, 8);
});
