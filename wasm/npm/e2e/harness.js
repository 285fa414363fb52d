// What the end-to-end tests share: a tiny static server on 127.0.0.1 for
// wasm/ (web/ and npm/ with dist/), and the Debian chromium driven by
// playwright-core (no browser download).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from '../test/helpers.js';

const served = join(root, 'wasm');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain' };
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Serves wasm/ on a free port of 127.0.0.1: {server, origin}. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(served, path);
    if (!file.startsWith(served) || path.includes('node_modules')) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Starts headless Chromium (CHROMIUM, default /usr/bin/chromium). */
export async function launch() {
  assert.ok(existsSync(executablePath), `no Chromium at ${executablePath}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where screenshots go: artifacts/ at the repository's root (gitignored). */
export const artifacts = join(root, 'artifacts');

/**
 * Opens the page (wasm/web/index.html) in a new tab of browser and waits
 * for the engine to start. Returns {page, requests, errors, messages}:
 * every request the page makes ({url, method, body}), every script error
 * and every console message's text, from before the page loads, as they
 * happen.
 */
export async function openPage(browser, origin) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.goto(`${origin}/web/index.html`);
  await page.waitForFunction(() => window.__normsPage?.ready, null, { timeout: 30000 });
  return { page, requests, errors, messages };
}

/**
 * Asserts what every page test ends with: no script error, nothing asked of
 * another server (every URL of origin, a blob: of it, or one of also),
 * nothing sent (GETs without a body only).
 */
export function assertOffline({ requests, errors }, origin, also = []) {
  assert.deepEqual(errors, [], 'no script errors');
  const local = (u) => u.startsWith(origin + '/') || u.startsWith(`blob:${origin}/`) || also.includes(u);
  assert.deepEqual(requests.filter((r) => !local(r.url)).map((r) => r.url), [], 'the page asks nothing of any other server');
  assert.deepEqual(requests.filter((r) => r.method !== 'GET' || r.body).map((r) => `${r.method} ${r.url}`), [], 'the page sends nothing');
}
