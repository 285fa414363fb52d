// End-to-end test of the page's "Team report" (wasm/web) in headless
// Chromium (harness.js): the teacher opens the norms, chooses two class
// periods' gradebooks (a CSV and an Excel workbook), the incident log and
// a proposed norms file, sets the date and builds the report from the
// keyboard. The report shows in a sandboxed iframe with its sections and
// flag groups, styled (the page's Content-Security-Policy allows its
// inline styles by hash); "Download report (.html)" saves the very page
// `norms report` writes from the same files and date. A book that does not
// share the others' assignments is a problem naming it, and no report is
// offered. Nothing leaves the page: every request is a GET of its origin.
// Saves artifacts/browser-report.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { period2, read, root } from '../test/helpers.js';
import { serve, launch, openPage, assertOffline, artifacts } from './harness.js';

let server, origin, browser, dir;
const date = '2026-11-20';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'norms-e2e-report-'));
  execFileSync('go', ['build', '-o', dir + '/', './cmd/norms', './wasm/internal/xlsxcheck'], { cwd: root, stdio: 'inherit' });
  const normsText = read('engine/starter/norms.yaml');
  writeFileSync(join(dir, 'norms.yaml'), normsText);
  writeFileSync(join(dir, 'period2.csv'), period2(read('engine/starter/gradebook.csv')));
  writeFileSync(join(dir, 'other.csv'), read('engine/starter/gradebook.csv').replace('HW 1,', 'Homework 1,'));
  writeFileSync(join(dir, 'incidents.csv'), read('engine/starter/incidents.csv'));
  writeFileSync(join(dir, 'proposed.yaml'), normsText.replace('      weight: 20\n', '      weight: 10\n'));
  const r = spawnSync(join(dir, 'xlsxcheck'), ['sample', 'period1.xlsx'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  ({ server, origin } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page builds the team report norms report writes, and downloads it', async () => {
  const opened = await openPage(browser, origin);
  const { page, requests } = opened;
  await page.setInputFiles('#norms-file', join(dir, 'norms.yaml'));
  await page.waitForFunction(() => /are ready/.test(document.getElementById('norms-summary').textContent));

  const f = (name) => join(dir, name);
  await page.setInputFiles('#team-books', [f('period1.xlsx'), f('period2.csv')]);
  await page.setInputFiles('#team-log', f('incidents.csv'));
  await page.setInputFiles('#team-proposed', f('proposed.yaml'));
  await page.fill('#team-date', date);
  await page.focus('#team-build');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Built the team report from 2 gradebooks and the incident log, with the proposed norms/.test(document.getElementById('team-result').textContent));

  // The iframe: sandboxed without scripts, showing the sections and the
  // flag groups.
  const frameEl = page.locator('#team-frame');
  assert.equal(await frameEl.getAttribute('sandbox'), '', 'sandbox="" lets no script run');
  const frame = page.frameLocator('#team-frame');
  await frame.locator('h1').waitFor();
  assert.match(await frame.locator('h1').textContent(), /team report/);
  const dist = await frame.locator('#distribution').textContent();
  for (const want of ['period1.xlsx', 'period2.csv']) assert.ok(dist.includes(want), `the distribution shows ${want}`);
  const groups = await frame.locator('#interventions .flag').count();
  assert.ok(groups >= 2, `flag groups shown: ${groups}`);
  assert.ok((await frame.locator('#interventions').textContent()).includes('Omar Haddad'), 'a period 2 student in a flag group');
  for (const id of ['#averages', '#conduct', '#proposed', '#norms']) assert.equal(await frame.locator(id).count(), 1, `the report has ${id}`);
  // Styled: the report's own CSS applied (the policy allows it by hash).
  const border = await frame.locator('header').evaluate((e) => getComputedStyle(e).borderBottomStyle);
  assert.equal(border, 'solid', 'the report\'s inline <style> applies inside the iframe');

  // Download, from the keyboard, and compare with norms report.
  await page.focus('#team-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), `team-report-${date}.html`);
  const saved = f('page.html');
  await download.saveAs(saved);
  const cli = spawnSync(f('norms'), ['report', '--norms', 'norms.yaml', '--log', 'incidents.csv', '--proposed', 'proposed.yaml',
    '--as-of', date, '-o', 'cli.html', 'period1.xlsx', 'period2.csv'], { cwd: dir, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(readFileSync(saved).equals(readFileSync(f('cli.html'))), 'the downloaded report is norms report\'s, byte for byte');
  console.log(`chromium report: the downloaded report is norms report's, byte for byte (${readFileSync(saved).length} bytes)`);

  await mkdir(artifacts, { recursive: true });
  const shot = join(artifacts, 'browser-report.png');
  await page.locator('#team-section').screenshot({ path: shot });
  console.log(`chromium report: screenshot ${shot}`);

  // Books that disagree: the problem names the file, and no report stays.
  await page.setInputFiles('#team-books', [f('period2.csv'), f('other.csv')]);
  assert.equal(await page.locator('#team-download').isDisabled(), true, 'a changed choice takes the old report down');
  await page.click('#team-build');
  const problem = page.locator('#team-problems li.error button').first();
  await problem.waitFor();
  assert.match(await problem.textContent(), /^Problem · other\.csv: period2\.csv and other\.csv disagree on assignments/);
  assert.equal(await frameEl.isHidden(), true);
  assert.equal(await page.locator('#team-download').isDisabled(), true);

  // A style the policy refused would be on the console (Chromium reports
  // CSP violations of the iframe there).
  const refused = opened.messages.filter((m) => /Content Security Policy|Refused/.test(m));
  assert.deepEqual(refused, [], 'no style or script refused by the policy');
  assertOffline(opened, origin, ['about:srcdoc']);
  console.log(`chromium report: ${requests.length} requests, all GETs of ${origin}`);
  await page.close();
});
