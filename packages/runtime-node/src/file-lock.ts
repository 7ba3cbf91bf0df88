import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lock } from '@swsl/core';
import lockfile from 'proper-lockfile';

export interface FileLockOptions {
  /**
   * A lock whose holder stopped refreshing it for this long is taken over (its process died). Default 60 s: long
   * enough that a conversion blocking the holder's event loop does not look like a death.
   */
  readonly staleMs?: number;
}

/**
 * Cross-process lock on `<path>.lock` with proper-lockfile (an atomic `mkdir`, refreshed while held, taken over
 * once stale), so a crashed `swsl pull` never blocks the cache. Waiters poll until the holder releases: a download
 * of a large checkpoint can hold it for minutes.
 */
export function createFileLock(locate: (key: string) => string, options: FileLockOptions = {}): Lock {
  const stale = options.staleMs ?? 60_000;
  return async (key) => {
    const path = locate(key);
    await mkdir(dirname(path), { recursive: true });
    let compromised = false;
    const release = await lockfile.lock(path, {
      realpath: false, // the file itself need not exist yet
      stale,
      retries: { forever: true, minTimeout: 50, maxTimeout: 1_000, factor: 1.5 },
      // The default throws from a timer and kills the process. Losing the lock is survivable: every file is
      // committed by an atomic rename only after its hash matched, so a second worker cannot corrupt it.
      onCompromised: () => {
        compromised = true;
      },
    });
    return async () => {
      if (!compromised) await release();
    };
  };
}
