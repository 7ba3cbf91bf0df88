// The public packages of the workspace (packages/* without `private`), read from their package.json files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageJson, RootMetadata } from './metadata.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface PublicPackage {
  name: string;
  /** Relative to the repository root, e.g. `packages/core`. */
  directory: string;
  pkg: PackageJson;
  /** Its @swsl dependencies, direct and transitive (what a user's npm install also fetches). */
  swslDeps: string[];
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function rootMetadata(): RootMetadata {
  return readJson<RootMetadata>(join(repoRoot, 'package.json'));
}

export function publicPackages(): PublicPackage[] {
  const found: Omit<PublicPackage, 'swslDeps'>[] = [];
  for (const name of readdirSync(join(repoRoot, 'packages')).sort()) {
    const directory = `packages/${name}`;
    let pkg: PackageJson;
    try {
      pkg = readJson<PackageJson>(join(repoRoot, directory, 'package.json'));
    } catch {
      continue;
    }
    if (!pkg.private) found.push({ name: pkg.name, directory, pkg });
  }
  const byName = new Map(found.map((p) => [p.name, p]));
  const closure = (name: string, seen = new Set<string>()): Set<string> => {
    const deps = (byName.get(name)?.pkg.dependencies ?? {}) as Record<string, string>;
    for (const dep of Object.keys(deps)) {
      if (byName.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        closure(dep, seen);
      }
    }
    return seen;
  };
  return found.map((p) => ({ ...p, swslDeps: [...closure(p.name)].sort() }));
}
