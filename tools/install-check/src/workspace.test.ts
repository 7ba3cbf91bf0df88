import { describe, expect, it } from 'vitest';
import { metadataProblems } from './metadata.ts';
import { publicPackages, rootMetadata } from './workspace.ts';

describe('the workspace', () => {
  const packages = publicPackages();

  it('has the eight public packages, each with its @swsl dependencies direct and transitive', () => {
    const deps = Object.fromEntries(packages.map((p) => [p.name, p.swslDeps]));
    expect(Object.keys(deps).sort()).toEqual([
      '@swsl/cli',
      '@swsl/convert',
      '@swsl/core',
      '@swsl/preprocess',
      '@swsl/registry',
      '@swsl/runtime-node',
      '@swsl/runtime-web',
      '@swsl/server',
    ]);
    expect(deps['@swsl/registry']).toEqual([]);
    expect(deps['@swsl/runtime-node']).toEqual(['@swsl/convert', '@swsl/core', '@swsl/preprocess', '@swsl/registry']);
    expect(deps['@swsl/cli']).toContain('@swsl/runtime-node');
    expect(deps['@swsl/cli']).toContain('@swsl/server');
    expect(deps['@swsl/server']).toContain('@swsl/runtime-node');
  });

  it('every public package carries the publish metadata (pnpm sync:metadata fixes the derived fields)', () => {
    const root = rootMetadata();
    expect(packages.flatMap((p) => metadataProblems(p.pkg, root, p.directory))).toEqual([]);
  });
});
