// The publish metadata every public package carries, derived from ONE place: the root package.json's `repository`,
// `homepage` and `bugs`. `pnpm sync:metadata` writes the derived fields; `pnpm check:publish` fails when they drift.

export interface RootMetadata {
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
}

export type PackageJson = Record<string, unknown> & { name: string; private?: boolean };

/** The fields a package at `directory` (relative to the repository root, e.g. `packages/core`) must have. */
export function derivedMetadata(root: RootMetadata, directory: string) {
  const web = root.homepage.replace(/#.*$/, '').replace(/\/$/, '');
  return {
    homepage: `${web}/tree/main/${directory}#readme`,
    bugs: { url: root.bugs.url },
    repository: { type: root.repository.type, url: root.repository.url, directory },
  };
}

// Where the derived fields go: after `keywords` (or `description`), in npm's usual order.
const ORDER = ['name', 'version', 'description', 'keywords', 'homepage', 'bugs', 'repository', 'license'];

/** `pkg` with the derived fields set (and placed in npm's usual order); every other field keeps its place. */
export function withMetadata(pkg: PackageJson, root: RootMetadata, directory: string): PackageJson {
  const fields: Record<string, unknown> = { ...pkg, ...derivedMetadata(root, directory) };
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (key in fields) out[key] = fields[key];
  for (const [key, value] of Object.entries(fields)) if (!(key in out)) out[key] = value;
  return out as PackageJson;
}

/**
 * What is wrong with a public package's publish metadata, one line per problem (empty: publishable).
 * `workspace:*` between @swsl packages publishes an exact pin, so a patch release of one package would install a
 * second copy of another: dependencies must use `workspace:^`.
 */
export function metadataProblems(pkg: PackageJson, root: RootMetadata, directory: string): string[] {
  const problems: string[] = [];
  const where = `${directory}/package.json`;
  const expected = derivedMetadata(root, directory);
  for (const [key, value] of Object.entries(expected)) {
    if (JSON.stringify(pkg[key]) !== JSON.stringify(value)) {
      problems.push(`${where}: "${key}" is not ${JSON.stringify(value)} (run pnpm sync:metadata)`);
    }
  }
  const keywords = pkg.keywords;
  if (!Array.isArray(keywords) || keywords.length === 0) problems.push(`${where}: no "keywords"`);
  if (pkg.license !== 'MIT') problems.push(`${where}: "license" is not "MIT"`);
  const publishConfig = pkg.publishConfig as { access?: string } | undefined;
  if (publishConfig?.access !== 'public') problems.push(`${where}: "publishConfig.access" is not "public"`);
  const engines = pkg.engines as { node?: string } | undefined;
  if (!engines?.node) problems.push(`${where}: no "engines.node"`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (pkg[field] ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(deps)) {
      if (name.startsWith('@swsl/') && range !== 'workspace:^') {
        problems.push(`${where}: ${field}["${name}"] is "${range}", use "workspace:^" (a caret range once published)`);
      }
    }
  }
  return problems;
}
