import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { resolveFile } from './static-server.js';

/** One internal link of the built site that leads nowhere. */
export interface BrokenLink {
  readonly page: string;
  readonly link: string;
  readonly reason: 'missing file' | 'missing anchor';
}

const LINK = /\s(?:href|src)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/**
 * Every `href`/`src` in every page of `root` that points inside the site must name an existing file, and a
 * `#fragment` an element id in that page. External URLs (scheme or `//`) are not fetched: CI is offline.
 */
export function findBrokenLinks(root: string): { pages: number; links: number; broken: BrokenLink[] } {
  const pages = htmlFiles(root);
  const idsByFile = new Map<string, Set<string>>();
  const ids = (file: string) => {
    let set = idsByFile.get(file);
    if (!set) {
      set = new Set([...readFileSync(file, 'utf8').matchAll(ID)].map((m) => decode(m[1]!)));
      idsByFile.set(file, set);
    }
    return set;
  };
  const broken: BrokenLink[] = [];
  let links = 0;
  for (const file of pages) {
    const pagePath = `/${relative(root, file).split(sep).join('/')}`;
    for (const match of readFileSync(file, 'utf8').matchAll(LINK)) {
      const link = decode(match[1]!);
      if (!link || EXTERNAL.test(link)) continue;
      links++;
      const url = new URL(link, `http://site${pagePath}`);
      const target =
        url.pathname === pagePath && link.startsWith('#') ? file : resolveFile(root, decodeURI(url.pathname));
      if (!target) {
        broken.push({ page: pagePath, link, reason: 'missing file' });
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && target.endsWith('.html') && !ids(target).has(anchor)) {
        broken.push({ page: pagePath, link, reason: 'missing anchor' });
      }
    }
  }
  return { pages: pages.length, links, broken };
}
