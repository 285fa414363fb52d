// End-to-end test of the page (wasm/web) with an Excel workbook, in
// headless Chromium (harness.js): the teacher opens the starter norms and
// the sample gradebook as an .xlsx file; the page loads the xlsx module
// then, and only then, from its own site; three students' letters are
// those `norms grade` gives for the same workbook; an explanation opens on
// click; "Download filled workbook" (pressed from the keyboard) saves a
// workbook that xlsxcheck (excelize, in Go) finds identical to what
// `norms fill` writes from the same inputs; a bad cell is shown at its
// place; a CSV file dropped on the page opens too. Nothing is uploaded: every
// request is a GET to the page's origin, and after the page has loaded the
// only one is the xlsx module. Saves artifacts/browser-xlsx.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../test/helpers.js';
import { serve, launch, openPage, assertOffline, artifacts } from './harness.js';

let server, origin, browser, dir;

// tool runs one of the Go commands built in before() in dir.
const tool = (name, ...args) => spawnSync(join(dir, name), args, { cwd: dir, encoding: 'utf8' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'norms-e2e-xlsx-'));
  execFileSync('go', ['build', '-o', dir + '/', './cmd/norms', './wasm/internal/xlsxcheck'], { cwd: root, stdio: 'inherit' });
  copyFileSync(join(root, 'engine/starter/norms.yaml'), join(dir, 'norms.yaml'));
  for (const args of [['book.xlsx'], ['bad.xlsx', 'Gradebook!D7=lots']]) {
    const r = tool('xlsxcheck', 'sample', ...args);
    assert.equal(r.status, 0, r.stderr);
  }
  ({ server, origin } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page grades an .xlsx gradebook and downloads the workbook norms fill writes', async () => {
  const opened = await openPage(browser, origin);
  const { page, requests } = opened;
  const loaded = requests.length;

  // The norms, under the name the CLI will be given (norms.yaml), so the
  // Norms sheets agree.
  await page.setInputFiles('#norms-file', join(dir, 'norms.yaml'));
  await page.waitForFunction(() => /are ready/.test(document.getElementById('norms-summary').textContent));
  assert.ok(!requests.some((r) => r.url.includes('norms-xlsx.wasm')), 'the xlsx module waits for a workbook');

  await page.setInputFiles('#book-file', join(dir, 'book.xlsx'));
  await page.locator('#results tbody tr').first().waitFor();
  await page.locator('#fill-panel').waitFor();
  assert.ok(requests.some((r) => r.url === `${origin}/npm/dist/norms-xlsx.wasm`), 'opening a workbook loads the xlsx module');

  // Three students' letters: those of norms grade on the same workbook.
  const g = tool('norms', 'grade', '--norms', 'norms.yaml', '--format', 'json', 'book.xlsx');
  assert.equal(g.status, 0, g.stderr);
  const cli = JSON.parse(g.stdout);
  assert.ok(cli.students.length >= 3);
  const three = [cli.students[0], cli.students[3], cli.students[cli.students.length - 1]];
  for (const s of three) {
    const letter = await page.locator(`#results tbody tr[data-id="${s.id}"] td.letter`).textContent();
    assert.equal(letter, s.letter || '—', `${s.name}: the page's letter is the CLI's`);
  }
  assert.ok(new Set(three.map((s) => s.letter)).size > 1, 'the three students do not all have one letter');

  // An explanation, read from the workbook.
  const who = three[1];
  await page.locator(`#results tbody tr[data-id="${who.id}"] th button`).click();
  await page.locator('#explain-section').waitFor();
  assert.match(await page.locator('#explanation').textContent(), new RegExp(`${who.name} \\(${who.id}\\)`));

  // Download from the keyboard, with the Explain sheet.
  await page.check('#fill-explain');
  const today = () => page.evaluate(() => {
    const t = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
  });
  const dayBefore = await today();
  await page.focus('#download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'book.graded.xlsx');
  const saved = join(dir, 'page.graded.xlsx');
  await download.saveAs(saved);
  const dayAfter = await today();
  await page.waitForFunction(() => /^Saved book\.graded\.xlsx: graded 8 students/.test(document.getElementById('fill-result').textContent));

  // The same inputs through norms fill (the page's date is the Norms
  // sheet's; should midnight pass during the download, the later date).
  let same;
  for (const date of new Set([dayBefore, dayAfter])) {
    const f = tool('norms', 'fill', '--norms', 'norms.yaml', '--explain', '--date', date, '-o', 'cli.graded.xlsx', 'book.xlsx');
    assert.equal(f.status, 0, f.stderr);
    same = tool('xlsxcheck', 'compare', 'cli.graded.xlsx', 'page.graded.xlsx');
    if (same.status === 0) break;
  }
  assert.equal(same.status, 0, `the downloaded workbook differs from norms fill's:\n${same.stdout}${same.stderr}`);
  assert.match(same.stdout, /^same: 3 sheets \(Gradebook, Norms, Explain\)/);
  assert.ok(readFileSync(saved).equals(readFileSync(join(dir, 'cli.graded.xlsx'))), 'byte for byte');
  console.log(`chromium xlsx: the downloaded workbook and norms fill's: ${same.stdout.trim()}`);

  await mkdir(artifacts, { recursive: true });
  const shot = join(artifacts, 'browser-xlsx.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`chromium xlsx: screenshot ${shot}`);

  // A workbook with a score that is not one: the problem at its cell, as
  // norms fill prints it, and no table.
  await page.setInputFiles('#book-file', join(dir, 'bad.xlsx'));
  const problem = page.locator('#book-problems li.error button').first();
  await problem.waitFor();
  assert.match(await problem.textContent(), /Gradebook!D7: Jordan Lee, Quiz 1: "lots" is not a score/);
  assert.equal(await page.locator('#results').isHidden(), true);
  assert.equal(await page.locator('#fill-panel').isHidden(), true);

  // A CSV gradebook dropped on the gradebook section opens as if chosen;
  // there is no workbook to fill then.
  const csv = readFileSync(join(root, 'engine/starter/gradebook.csv'), 'utf8');
  const dropped = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('#book-section', 'drop', { dataTransfer: dropped });
  await page.waitForFunction(() => /^Graded 8 students from dropped\.csv/.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('#fill-panel').isHidden(), true, 'no workbook to fill for a CSV gradebook');
  assert.equal(await page.locator(`#results tbody tr[data-id="${three[0].id}"] td.letter`).textContent(), three[0].letter);

  // Nothing uploaded, nothing asked of another server: every request is a
  // GET of this origin (the download is a blob: URL of this page).
  assertOffline(opened, origin);
  const after = requests.slice(loaded).filter((r) => !r.url.startsWith('blob:')).map((r) => r.url.slice(origin.length));
  assert.deepEqual(after, ['/npm/dist/norms-xlsx.wasm'], 'after loading, the page fetches only the xlsx module');
  console.log(`chromium xlsx: ${requests.length} requests, all GETs of ${origin}; after loading, only ${after.join(', ')}`);
  await page.close();
});
