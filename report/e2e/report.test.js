// End-to-end test of the page `norms report` writes, in headless Chromium:
// the Debian chromium driven by playwright-core (no browser download). The
// test writes the report of the starter norms, two copies of the sample
// gradebook (two sections, one with a student whose name is markup), the
// sample incident log and proposed norms; opens it from file://; checks
// that the page asked nothing of any server, that its sections are there
// and the hostile name shows as text; prints it to PDF with the print
// styles; runs axe-core (Deque's accessibility engine) for WCAG 2.1 A and AA
// violations; and keeps a screenshot at artifacts/report.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const hostile = '<script>alert(1)</script>';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let dir, html, browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'norms-report-'));
  const starter = (f) => readFile(join(root, 'engine/starter', f), 'utf8');
  const norms = await starter('norms.yaml');
  const book = await starter('gradebook.csv');
  await writeFile(join(dir, 'norms.yaml'), norms);
  await writeFile(join(dir, 'proposed.yaml'), norms.replace('      weight: 20\n', '      weight: 10\n'));
  await writeFile(join(dir, 'period1.csv'), book);
  // The second section: the same book with one student renamed to markup.
  const rows = book.split('\n');
  const i = rows.findIndex((r) => /^[^,]+,7005,/.test(r));
  assert.ok(i > 0, 'the sample gradebook has student 7005');
  rows[i] = rows[i].replace(/^[^,]+/, `"${hostile}"`);
  await writeFile(join(dir, 'period2.csv'), rows.join('\n'));
  await writeFile(join(dir, 'incidents.csv'), await starter('incidents.csv'));
  html = join(dir, 'report.html');
  execFileSync('go', ['run', './cmd/norms', 'report', '--norms', join(dir, 'norms.yaml'), '--log', join(dir, 'incidents.csv'),
    '--proposed', join(dir, 'proposed.yaml'), '--as-of', '2026-11-20', '-o', html, join(dir, 'period1.csv'), join(dir, 'period2.csv')],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

  assert.ok(existsSync(executablePath), `no Chromium at ${executablePath}: apt-get install -y chromium (test.sh does)`);
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the report opens offline, shows every section and prints', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const url = pathToFileURL(html).href;
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  console.log(`chromium: the report (${(await readFile(html)).length} bytes) loads in ${(performance.now() - t0).toFixed(0)} ms`);

  // No request but the page itself: no CDN, no font, no image.
  assert.deepEqual(requests, [url], 'the page requested nothing but itself');
  assert.deepEqual(dialogs, [], 'no script ran from a student name');
  assert.deepEqual(errors, []);

  for (const id of ['distribution', 'averages', 'interventions', 'conduct', 'proposed', 'norms']) {
    assert.ok(await page.locator(`section#${id}`).isVisible(), `section #${id} is shown`);
  }
  // One histogram per section, and the team's.
  assert.equal(await page.locator('figure.histogram').count(), 3);
  assert.ok(await page.locator('figure.histogram svg rect').count() >= 30);
  // The hostile name is text, not markup.
  assert.ok(await page.locator('td.student', { hasText: hostile }).count() > 0, 'the hostile name is shown as text');
  assert.equal(await page.locator('body script').count(), 0, 'no script element in the page');
  // Small multiples: one per behavior of the starter norms.
  assert.equal(await page.locator('#conduct figure').count(), 3);

  // Accessible to every teacher at the meeting: axe-core, evaluated in the
  // page (no script element is added), finds no WCAG 2.1 A/AA violation.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  });
  assert.deepEqual(violations, [], 'axe-core: no WCAG 2.1 A/AA violation');

  await mkdir(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts/report.png'), fullPage: true });

  // Printed: the navigation is hidden, and the PDF renders.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav').isVisible(), false, 'the navigation is not printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000, 'the page prints');
  assert.deepEqual(requests, [url], 'printing requested nothing either');
});
