// Accessibility of the page, in headless Chromium. From the keyboard
// alone: every control the Tab key reaches shows where the focus is (an
// outline on the control, or on the label that stands for a hidden file
// input), the main controls are all reached, and a teacher can load the
// starter files, grade, and open a student's explanation with Tab and Enter
// only. And axe-core (Deque's accessibility engine, npm) finds no WCAG 2.1
// A or AA violation on the page as it opens, nor once it shows grades and an
// explanation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve, launch, openPage, assertOffline } from './harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axeViolations runs axe-core in the page (page.evaluate is not subject to
// the page's Content-Security-Policy, which rightly refuses injected
// scripts) and returns each WCAG 2.1 A/AA violation as "rule: target".
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}`));
  });
  return found;
}

let server, origin, browser;

before(async () => {
  ({ server, origin } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// focused describes the focused element: its id (or tag and text) and
// whether a focus indicator is drawn, on it or, for a visually hidden file
// input, on its label.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const hidden = el.getBoundingClientRect().width <= 1;
    const shown = hidden ? document.querySelector(`label[for="${el.id}"]`) : el;
    const style = shown && getComputedStyle(shown);
    return {
      name: el.id || `${el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 40)}`,
      indicator: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

// tabTo presses Tab until the element with id has the focus, and returns
// every element passed on the way.
async function tabTo(page, id, limit = 60) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f) seen.push(f);
    if (f?.name === id) return seen;
  }
  assert.fail(`Tab never reached #${id}; reached ${seen.map((f) => f.name).join(', ')}`);
}

test('the page is usable from the keyboard, with the focus always visible', async () => {
  const opened = await openPage(browser, origin);
  const { page } = opened;
  assert.deepEqual(await axeViolations(page), [], 'axe-core: no WCAG 2.1 A/AA violation as the page opens');

  // One pass through the page: every stop shows the focus.
  const seen = await tabTo(page, 'team-build');
  const names = seen.map((f) => f.name);
  for (const id of ['norms-file', 'use-starter', 'norms-text', 'book-file', 'team-books', 'team-date', 'team-build']) {
    assert.ok(names.includes(id), `Tab reaches #${id} (reached: ${names.join(', ')})`);
  }
  const invisible = seen.filter((f) => !f.indicator).map((f) => `${f.name} (${f.outline})`);
  assert.deepEqual(invisible, [], 'every control reached by Tab shows the focus');

  // The starter files with Enter, then a student's explanation with Tab
  // and Enter.
  await page.focus('#norms-file');
  await tabTo(page, 'use-starter', 3);
  await page.keyboard.press('Enter');
  await page.locator('#results tbody tr').first().waitFor();
  const first = await page.locator('#results tbody tr th button').first().textContent();
  await tabTo(page, `button: ${first.trim().slice(0, 40)}`);
  await page.keyboard.press('Enter');
  await page.locator('#explain-section').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'explain-h', 'the explanation takes the focus');
  assert.match(await page.locator('#explanation').textContent(), new RegExp(first.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  assert.deepEqual(await axeViolations(page), [], 'axe-core: no WCAG 2.1 A/AA violation with grades and an explanation shown');

  assertOffline(opened, origin);
  console.log(`chromium keyboard: ${seen.length} Tab stops through the page, each showing the focus`);
  await page.close();
});
