// The team report in the xlsx module (norms.report) against the CLI's:
// from the same norms, books (two CSV class periods and an .xlsx one),
// incident log, proposed norms and date, the module's page is the very
// page `norms report` writes, byte for byte. A bad book is an error at its
// line, named as given, and the next call still works; the engine-only
// module says which module to load. The CLI is the repository's own, built
// once for this file; the workbook is made by wasm/internal/xlsxcheck.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Norms, NormsError, formatDiagnostic } from '../index.js';
import { period2, read, root } from './helpers.js';

const date = '2026-11-20';
let dir, norms, engineNorms;
const file = (name) => readFileSync(join(dir, name));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'norms-report-'));
  execFileSync('go', ['build', '-o', dir + '/', './cmd/norms', './wasm/internal/xlsxcheck'], { cwd: root, stdio: 'inherit' });
  const normsText = read('engine/starter/norms.yaml');
  const book = read('engine/starter/gradebook.csv');
  writeFileSync(join(dir, 'norms.yaml'), normsText);
  writeFileSync(join(dir, 'period1.csv'), book);
  writeFileSync(join(dir, 'period2.csv'), period2(book));
  writeFileSync(join(dir, 'incidents.csv'), read('engine/starter/incidents.csv'));
  const proposed = normsText.replace('      weight: 20\n', '      weight: 10\n');
  assert.notEqual(proposed, normsText, 'the starter norms no longer have a homework weight of 20; update the test');
  writeFileSync(join(dir, 'proposed.yaml'), proposed);
  const r = spawnSync(join(dir, 'xlsxcheck'), ['sample', 'period3.xlsx'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  norms = await Norms.load(normsText, { module: 'xlsx', file: 'norms.yaml' });
  engineNorms = await Norms.load(normsText, { file: 'norms.yaml' });
});

after(() => {
  norms?.close();
  engineNorms?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// inputs are the files of the report as a page gives them: CSV as text,
// the workbook as bytes, the log as bytes (as read from disk).
const inputs = () => ({
  books: [
    { name: 'period1.csv', text: file('period1.csv').toString('utf8') },
    { name: 'period2.csv', bytes: file('period2.csv') },
    { name: 'period3.xlsx', bytes: file('period3.xlsx') },
  ],
  log: { name: 'incidents.csv', bytes: file('incidents.csv') },
  proposed: { name: 'proposed.yaml', text: file('proposed.yaml').toString('utf8') },
  date,
});

// cliReport runs norms report on the same files: {html, stderr}.
function cliReport() {
  const r = spawnSync(join(dir, 'norms'), ['report', '--norms', 'norms.yaml', '--log', 'incidents.csv', '--proposed', 'proposed.yaml',
    '--as-of', date, '-o', 'cli.html', 'period1.csv', 'period2.csv', 'period3.xlsx'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { html: file('cli.html').toString('utf8'), stderr: r.stderr };
}

test('the module writes the report norms report writes, byte for byte', () => {
  const { html: want, stderr } = cliReport();
  const { html, diagnostics } = norms.report(inputs());
  // The warnings (the proposal's weights add up to 90, incidents after
  // the date) are those the CLI prints, in its order and words.
  assert.ok(diagnostics.some((d) => d.code === 'norms/weight-sum'));
  assert.equal(diagnostics.map(formatDiagnostic).join('\n'), stderr.trim());
  for (const want of ['period1.csv', 'period2.csv', 'period3.xlsx', 'Omar Haddad', 'id="interventions"', 'id="conduct"', 'id="proposed"', date]) {
    assert.ok(html.includes(want), `the report lacks ${want}`);
  }
  assert.equal(html.length, want.length, 'the same length as the CLI\'s');
  assert.ok(html === want, 'the same page as the CLI\'s');
  console.log(`report: ${html.length} bytes, identical to norms report's`);
});

test('a bad book is an error at its line, and the next report is built', () => {
  const bad = inputs();
  bad.books[1] = { name: 'period2.csv', text: file('period2.csv').toString('utf8').replace(',7105,10,20,', ',7105,lots,20,') };
  let err;
  assert.throws(() => norms.report(bad), (e) => (err = e) instanceof NormsError);
  const errors = err.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, err.message);
  // What the CLI prints for the same file.
  writeFileSync(join(dir, 'bad.csv'), bad.books[1].text);
  const r = spawnSync(join(dir, 'norms'), ['report', '--norms', 'norms.yaml', '--as-of', date, '-o', 'bad.html', 'bad.csv'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(formatDiagnostic({ ...errors[0], file: 'bad.csv' }), r.stderr.trim());
  assert.match(formatDiagnostic(errors[0]), /^period2\.csv:10:3: Ines Duarte, HW 1: "lots" is not a score/);

  assert.equal(norms.report(inputs()).html, cliReport().html, 'the next report is the CLI\'s');
});

test('books that do not share their assignments, and the engine-only module', () => {
  const differ = inputs();
  differ.books[1].bytes = Buffer.from(file('period2.csv').toString('utf8').replace('HW 1,', 'Homework 1,'));
  assert.throws(() => norms.report(differ), (e) => e instanceof NormsError && e.diagnostics.some((d) => d.code === 'report/books-differ' && d.file === 'period2.csv'));
  assert.throws(() => engineNorms.report(inputs()), (e) => e instanceof NormsError && e.diagnostics[0].code === 'wasm/no-report' && /module: 'xlsx'/.test(e.message));
  assert.throws(() => norms.report({ books: 'period1.csv' }), TypeError);
});
