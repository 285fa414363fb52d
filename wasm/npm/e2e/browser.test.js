// End-to-end test of the page (wasm/web) in headless Chromium: the
// Debian chromium driven by playwright-core (no browser download), the page
// served from 127.0.0.1 (harness.js). The test opens the starter norms and
// the sample CSV gradebook (xlsx.test.js opens an Excel workbook) through
// the page's own file inputs, compares three students' letters with the CLI's, clicks
// through a problem and an explanation, checks that the page asked nothing
// of any other server, saves artifacts/browser.png, and prints timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../test/helpers.js';
import { serve, launch, openPage, assertOffline, artifacts } from './harness.js';

let server, origin, browser;

before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// cliReport is what `norms grade --example --format json` prints.
function cliReport() {
  const out = execFileSync('go', ['run', './cmd/norms', 'grade', '--example', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

test('the page checks, tests, grades and explains like the CLI', async () => {
  const opened = await openPage(browser, origin);
  const { page, requests } = opened;
  const instantiateMs = await page.evaluate(() => window.__normsPage.instantiateMs);
  const phases = await page.evaluate(async () => (await import('/npm/index.js')).startTimings());
  console.log(`chromium, the page: the module loads and starts in ${instantiateMs.toFixed(0)} ms, its download from 127.0.0.1 included (startup.test.js times it from the bytes, beside the issue's yardstick): fetch and compile (streamed) ${phases.compileMs.toFixed(0)} ms, instantiate ${phases.instantiateMs.toFixed(0)} ms, Go runtime start and package init ${phases.runMs.toFixed(0)} ms`);

  // A problem in the norms: listed with its position; selecting it shows the line.
  await page.fill('#norms-text', 'norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Homework, weight: -5}\n');
  const problem = page.locator('#problems li.error button').first();
  await problem.waitFor();
  assert.match(await problem.textContent(), /Line 5, column 32/);
  await problem.click();
  const selected = await page.evaluate(() => {
    const t = document.getElementById('norms-text');
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  assert.equal(selected, '    - {name: Homework, weight: -5}');

  // The starter norms and sample gradebook, opened as a teacher would,
  // once the page has warmed the engine up (npm warmUp).
  await page.waitForFunction(() => window.__normsPage.warmUpMs !== undefined, null, { timeout: 30000 });
  const warmUpMs = await page.evaluate(() => window.__normsPage.warmUpMs);
  const given = Date.now();
  await page.setInputFiles('#norms-file', join(root, 'engine/starter/norms.yaml'));
  await page.waitForFunction(() => /are ready/.test(document.getElementById('norms-summary').textContent));
  console.log(`chromium, the page: its warm-up took ${warmUpMs.toFixed(0)} ms when idle after the start; then the starter norms, opened as a file, were compiled and their examples shown ${Date.now() - given} ms after the file was given`);
  assert.equal(await page.locator('#examples li.fail').count(), 0, 'the starter examples agree');
  assert.ok(await page.locator('#examples li.pass').count() > 0);
  await page.setInputFiles('#book-file', join(root, 'engine/starter/gradebook.csv'));
  await page.locator('#results tbody tr').first().waitFor();

  const cli = cliReport();
  assert.ok(cli.students.length >= 3);
  for (const s of [cli.students[0], cli.students[1], cli.students[cli.students.length - 1]]) {
    const letter = await page.locator(`#results tbody tr[data-id="${s.id}"] td.letter`).textContent();
    assert.equal(letter, s.letter || '—', `${s.name}: the page's letter is the CLI's`);
  }

  // Explain a student.
  const second = cli.students[1];
  await page.locator(`#results tbody tr[data-id="${second.id}"] th button`).click();
  await page.locator('#explain-section').waitFor();
  assert.match(await page.locator('#explanation').textContent(), new RegExp(`${second.name} \\(${second.id}\\)`));

  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'browser.png'), fullPage: true });
  console.log(`chromium: screenshot ${join(artifacts, 'browser.png')}`);

  // Speed: the benchmark school (2,000 x 60) graded in the page.
  const perf = await page.evaluate(async () => {
    const { schoolBook, schoolNorms } = await import('/npm/bench/school.js');
    const { Norms } = await import('/npm/index.js');
    const norms = await Norms.load(schoolNorms);
    const out = {};
    for (const format of ['csv', 'json']) {
      const book = schoolBook(2000, format);
      const t = performance.now();
      norms.grade(book, { format });
      const first = performance.now() - t;
      // V8 compiles a module's hot code with its optimizing tier only after a
      // few calls (Chromium needed 6-8 here): the figures are of the page
      // grading its tenth book, the first call's printed beside them.
      for (let i = 0; i < 8; i++) norms.grade(book, { format });
      const runs = 3;
      let ms = 0, read = 0, grade = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = norms.grade(book, { format });
        ms += (performance.now() - t0) / runs;
        read += r.timing.read_us / runs;
        grade += r.timing.grade_us / runs;
      }
      out[format] = { ms, read, grade, first };
    }
    norms.close();
    return out;
  });
  for (const [format, { ms, read, grade, first }] of Object.entries(perf)) {
    const us = (x) => (x / 2000).toFixed(1);
    console.log(`chromium ${format}: ${us(ms * 1000)} µs per student in all (${ms.toFixed(0)} ms per 2,000 x 60 book): reading ${us(read)}, grading ${us(grade)}, the rest (answer to JSON and back) ${us(ms * 1000 - read - grade)}; the first call ${us(first * 1000)}`);
  }

  assertOffline(opened, origin);
  assert.ok(!requests.some((r) => r.url.includes('norms-xlsx.wasm')), 'a CSV gradebook does not load the xlsx module');
  console.log(`chromium: ${requests.length} requests, all GETs of ${origin}`);
  await page.close();
});
