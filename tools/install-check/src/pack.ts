// `pnpm pack` of every public package into one folder: the tarballs npm users will get (workspace:^ → ^x.y.z).
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.ts';
import type { PublicPackage } from './workspace.ts';
import { repoRoot } from './workspace.ts';

/** Packs `packages` into `dir`; returns package name → tarball path. Needs their dist/ built (`pnpm build`). */
export async function packAll(packages: readonly PublicPackage[], dir: string): Promise<Map<string, string>> {
  mkdirSync(dir, { recursive: true });
  const filters = packages.flatMap((p) => ['--filter', p.name]);
  const result = await exec('pnpm', [...filters, '-r', 'pack', '--pack-destination', dir], {
    cwd: repoRoot,
    env: process.env as Record<string, string>,
    timeoutSeconds: 300,
  });
  if (result.code !== 0) throw new Error(`pnpm pack failed:\n${result.output}`);
  const files = readdirSync(dir);
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    // @swsl/runtime-node@0.1.0 → swsl-runtime-node-0.1.0.tgz
    const file = `${p.name.replace(/^@/, '').replace('/', '-')}-${String(p.pkg.version)}.tgz`;
    if (!files.includes(file)) throw new Error(`pnpm pack wrote no ${file} into ${dir} (found: ${files.join(', ')})`);
    tarballs.set(p.name, join(dir, file));
  }
  return tarballs;
}
