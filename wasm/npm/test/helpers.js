// Helpers shared by the Node tests of the package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root, from wasm/npm/test/. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

export const read = (rel) => readFileSync(root + rel, 'utf8');

/**
 * rawMember returns the JSON text of a top-level member of a JSON object,
 * exactly as written: a gradebook goes to the engine byte for byte, as
 * engine/conformance_test.go passes its json.RawMessage, with no trip
 * through JavaScript numbers. undefined when the member is absent.
 */
export function rawMember(text, key) {
  let i = text.indexOf('{') + 1;
  const skipWs = () => { while (/\s/.test(text[i])) i++; };
  const skipString = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const skipValue = () => {
    skipWs();
    const start = i;
    if (text[i] === '"') { skipString(); return text.slice(start, i); }
    let depth = 0;
    for (;;) {
      const c = text[i];
      if (c === '"') { skipString(); continue; }
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
        if (depth === 0) { i++; break; }
      }
      if (c === ',' && depth === 0) break;
      i++;
    }
    return text.slice(start, i).trim();
  };
  for (;;) {
    skipWs();
    if (text[i] === '}') return undefined;
    const k = skipString();
    skipWs();
    i++; // the colon
    const v = skipValue();
    if (k === key) return v;
    skipWs();
    if (text[i] === ',') i++;
  }
}

/**
 * period2 is a second class period made from the sample gradebook (the
 * team report's tests): other students, other scores, the same
 * assignments, since the report compares sections that share them.
 */
export function period2(book) {
  const text = book.replace(/,70(\d\d),/g, ',71$1,')
    .replace('Maya Patel,7101,10,19,10,9,18,48,10,95%,2,96', 'Omar Haddad,7101,M,11,M,M,12,30,M,10,,61')
    .replace('Ava Nguyen,7105,9,12,9,8,11/20,38,10,14,2,70', 'Ines Duarte,7105,10,20,10,10,20,50,10,20,2,99');
  assert.ok(text.includes('Omar Haddad') && text.includes('Ines Duarte'), 'the sample gradebook changed; update period2');
  return text;
}
