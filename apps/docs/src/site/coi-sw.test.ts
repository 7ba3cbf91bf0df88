import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers.js';

// public/coi-sw.js is plain JavaScript served as it is (a service worker imports nothing of the site's): its headers
// must stay those the site's _headers file and preview server send.
describe('the cross-origin isolation service worker', () => {
  const source = readFileSync(fileURLToPath(new URL('../../public/coi-sw.js', import.meta.url)), 'utf8');

  it('adds the same COOP/COEP headers as public/_headers', () => {
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) {
      expect(source).toContain(`'${name}': '${value}'`);
    }
  });
});
