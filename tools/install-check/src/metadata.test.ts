import { describe, expect, it } from 'vitest';
import { derivedMetadata, metadataProblems, type PackageJson, type RootMetadata, withMetadata } from './metadata.ts';

const root: RootMetadata = {
  repository: { type: 'git', url: 'git+https://github.com/example/swsl.git' },
  homepage: 'https://github.com/example/swsl#readme',
  bugs: { url: 'https://github.com/example/swsl/issues' },
};

const good = (): PackageJson =>
  withMetadata(
    {
      name: '@swsl/core',
      version: '0.1.0',
      description: 'd',
      keywords: ['onnx'],
      license: 'MIT',
      type: 'module',
      engines: { node: '>=20.19' },
      publishConfig: { access: 'public' },
      dependencies: { '@swsl/registry': 'workspace:^', other: '1.0.0' },
    },
    root,
    'packages/core',
  );

describe('publish metadata', () => {
  it('derives repository, homepage and bugs from the root', () => {
    expect(derivedMetadata(root, 'packages/core')).toEqual({
      homepage: 'https://github.com/example/swsl/tree/main/packages/core#readme',
      bugs: { url: 'https://github.com/example/swsl/issues' },
      repository: { type: 'git', url: 'git+https://github.com/example/swsl.git', directory: 'packages/core' },
    });
  });

  it('places the derived fields after keywords and keeps every other field in place', () => {
    expect(Object.keys(good())).toEqual([
      'name',
      'version',
      'description',
      'keywords',
      'homepage',
      'bugs',
      'repository',
      'license',
      'type',
      'engines',
      'publishConfig',
      'dependencies',
    ]);
  });

  it('accepts a complete package', () => {
    expect(metadataProblems(good(), root, 'packages/core')).toEqual([]);
  });

  it('reports an exact workspace pin, a stale repository and missing fields, one line each', () => {
    const pkg = { ...good(), dependencies: { '@swsl/registry': 'workspace:*' }, publishConfig: {} } as PackageJson;
    delete pkg.keywords;
    expect(metadataProblems(pkg, root, 'packages/runtime-node')).toEqual([
      expect.stringContaining('"homepage" is not'),
      expect.stringContaining('"repository" is not'),
      'packages/runtime-node/package.json: no "keywords"',
      'packages/runtime-node/package.json: "publishConfig.access" is not "public"',
      'packages/runtime-node/package.json: dependencies["@swsl/registry"] is "workspace:*", use "workspace:^" (a caret range once published)',
    ]);
  });
});
