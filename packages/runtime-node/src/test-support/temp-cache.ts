import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSwslError, type SwslError } from '@swsl/registry';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh cache directory for every test of the calling file: made before each test, removed after it, once
 * `cleanup` (closing the test's servers) has run. Returns a getter, since the path changes per test.
 */
export function useTempCacheDir(prefix: string, cleanup: () => Promise<unknown> | undefined = () => undefined) {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await cleanup();
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Every file under `dir`, as sorted `/`-joined relative paths. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The `SwslError` a promise rejects with (anything else fails the test). */
export async function caughtSwslError(promise: Promise<unknown>): Promise<SwslError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSwslError(error)) throw new Error(`expected an SwslError, got ${String(error)}`);
  return error;
}
