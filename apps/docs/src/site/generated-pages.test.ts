import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { apiEntryPoints } from '../../scripts/prepare/api-entry-points.js';
import { demoteForInclusion, writeCliReadme } from '../../scripts/prepare/cli-readme.js';
import { requireBuiltSite } from './built-site.js';

const PACKAGES = fileURLToPath(new URL('../../../../packages', import.meta.url));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('pages generated at build time', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'swsl-docs-gen-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('API entry points are every public package export, named by import path', () => {
    const entries = apiEntryPoints(PACKAGES);
    const names = entries.map((e) => e.moduleName);
    for (const name of ['@swsl/registry', '@swsl/preprocess/browser', '@swsl/convert/node', '@swsl/runtime-node']) {
      expect(names).toContain(name);
    }
    expect(names.filter((n) => n.startsWith('@swsl/reference'))).toEqual([]); // private: not published
    for (const entry of entries) expect(existsSync(entry.sourceFile)).toBe(true);
  });

  it('the built API reference documents the runtimes from their sources', () => {
    const dist = requireBuiltSite();
    const page = join(dist, 'reference/api/@swsl/runtime-node/functions/createClassifier.html');
    expect(text(readFileSync(page, 'utf8'))).toContain('NodeClassifierOptions');
    const index = text(readFileSync(join(dist, 'reference/api/index.html'), 'utf8'));
    for (const entry of apiEntryPoints(PACKAGES)) expect(index).toContain(entry.moduleName);
  });

  it('the API index says what each entry point is for (its @packageDocumentation comment)', () => {
    const html = readFileSync(join(requireBuiltSite(), 'reference/api/index.html'), 'utf8');
    const rows = [...html.matchAll(/<tr><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><\/tr>/gs)].map(([, name, about]) => [
      text(name ?? '').trim(),
      text(about ?? '').trim(),
    ]);
    expect(rows.map(([name]) => name).sort()).toEqual(
      apiEntryPoints(PACKAGES)
        .map((e) => e.moduleName)
        .sort(),
    );
    for (const [name, about] of rows) expect(about?.length, name).toBeGreaterThan(40);
  });

  it('the CLI reference is the CLI README with repository links made plain', () => {
    expect(
      demoteForInclusion('# @swsl/cli\n\nSee [core](../core/README.md), [site](https://x.org) and [up](#up).'),
    ).toBe('See core (`../core/README.md`), [site](https://x.org) and [up](#up).');
    expect(writeCliReadme(join(scratch, 'absent.md'), join(scratch, 'out.md'))).toBe('placeholder');
    expect(readFileSync(join(scratch, 'out.md'), 'utf8')).toContain('packages/cli/README.md');

    const readme = join(PACKAGES, 'cli/README.md');
    if (!existsSync(readme)) return;
    // Each command the README lists appears on the built page.
    const page = text(readFileSync(join(requireBuiltSite(), 'reference/cli.html'), 'utf8'));
    const commands = [...readFileSync(readme, 'utf8').matchAll(/^\| `(swsl [a-z]+(?: [a-z]+)?)/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands) expect(page).toContain(command);
  });
});
