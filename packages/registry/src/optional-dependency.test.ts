import { describe, expect, it } from 'vitest';
import { importOptional, MissingDependencyError } from './optional-dependency.js';

describe('importOptional', () => {
  it('a package that is not installed → E_MISSING_DEPENDENCY naming it and the install command', async () => {
    const name = 'swsl-surely-not-installed-package';
    const error = await importOptional(() => import(name), name, '@swsl/example').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error).toMatchObject({ code: 'E_MISSING_DEPENDENCY', packageName: name });
    expect((error as Error).message).toContain(`@swsl/example needs the package "${name}"`);
    expect((error as Error).message).toContain(`npm install ${name}`);
  });

  it('an installed package loads; other failures pass through untouched', async () => {
    const path = await importOptional(() => import('node:path'), 'node:path', 'test');
    expect(typeof path.join).toBe('function');
    const boom = new Error('broken inside');
    await expect(importOptional(() => Promise.reject(boom), 'x', 'test')).rejects.toBe(boom);
  });
});
