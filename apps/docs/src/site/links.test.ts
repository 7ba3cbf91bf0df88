import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuiltSite } from './built-site.js';
import { findBrokenLinks } from './link-check.js';

describe('link check', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'swsl-links-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function site(files: Record<string, string>): string {
    const root = mkdtempSync(join(scratch, 'site-'));
    for (const [path, html] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), html);
    }
    return root;
  }

  it('finds missing pages, assets and anchors, and accepts what exists', () => {
    const root = site({
      'index.html':
        '<a href="/guide/a.html#intro">ok</a> <a href="guide/a.html#nope">bad anchor</a> <a href="/gone.html">gone</a>' +
        '<img src="/logo.svg"> <script src="/assets/app.js"></script> <a href="https://example.org/x">external</a>' +
        '<a href="#top">self</a><h1 id="top">x</h1> <a href="/guide/">folder index</a> <a href="/guide/a">clean url</a>',
      'guide/a.html': '<h2 id="intro">Intro</h2><a href="../index.html">up</a><a href="./b.html">missing sibling</a>',
      'guide/index.html': '',
      'assets/app.js': '',
    });
    const { pages, links, broken } = findBrokenLinks(root);
    expect(pages).toBe(3);
    expect(links).toBe(10);
    expect(broken).toEqual([
      { page: '/guide/a.html', link: './b.html', reason: 'missing file' },
      { page: '/index.html', link: 'guide/a.html#nope', reason: 'missing anchor' },
      { page: '/index.html', link: '/gone.html', reason: 'missing file' },
      { page: '/index.html', link: '/logo.svg', reason: 'missing file' },
    ]);
  });

  it('the built docs site has no broken internal link', () => {
    const { pages, links, broken } = findBrokenLinks(requireBuiltSite());
    expect(pages).toBeGreaterThan(100); // the guide, the references and the generated API pages
    expect(links).toBeGreaterThan(pages);
    expect(broken).toEqual([]);
  });
});
