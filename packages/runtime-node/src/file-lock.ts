import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lock } from '@swsl/core';
import lockfile from 'proper-lockfile';
import { removeOnExit } from './remove-on-exit.js';

export interface FileLockOptions {
  /**
   * A lock whose holder stopped refreshing it for this long is taken over (a holder on another machine died, or one
   * that left no owner record). Default 60 s: long enough that a conversion blocking the holder's event loop does not
   * look like a death. A holder on this machine whose process is gone is taken over at once instead.
   */
  readonly staleMs?: number;
  /** How often a waiter looks again (default 250 ms). */
  readonly pollMs?: number;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
}

/** `<path>.owner`: who holds the lock, beside proper-lockfile's `<path>.lock` folder (which must stay empty). */
const ownerPath = (path: string) => `${path}.owner`;

/**
 * Cross-process lock on `<path>.lock` with proper-lockfile (an atomic `mkdir`, refreshed while held, taken over once
 * stale), plus an owner record `<path>.owner` (pid, host), so a `swsl pull` killed with SIGKILL does not block the
 * cache for a minute: a waiter on the same machine sees the holder's process is gone and takes the lock over at once.
 * Waiters poll until the holder releases: a download of a large checkpoint can hold it for minutes.
 */
export function createFileLock(locate: (key: string) => string, options: FileLockOptions = {}): Lock {
  const stale = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  return async (key) => {
    const path = locate(key);
    await mkdir(dirname(path), { recursive: true });
    for (;;) {
      let compromised = false;
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(path, {
          realpath: false, // the file itself need not exist yet
          stale,
          retries: 0,
          // The default throws from a timer and kills the process. Losing the lock is survivable: every file is
          // committed by an atomic rename only after its hash matched, so a second worker cannot corrupt it.
          onCompromised: () => {
            compromised = true;
          },
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        if (!(await takeOverIfDead(path))) await sleep(pollMs);
        continue;
      }
      const owner: Owner = { pid: process.pid, host: hostname() };
      // Stopped by a signal while holding the lock, this process leaves no owner record: proper-lockfile removes its
      // lock folder on exit, and this removes the record beside it.
      const forget = removeOnExit(ownerPath(path));
      await writeFile(ownerPath(path), JSON.stringify(owner));
      return async () => {
        await rm(ownerPath(path), { force: true });
        forget();
        if (!compromised) await release();
      };
    }
  };
}

/** Whether a process of this machine is gone (`kill(pid, 0)`: ESRCH; EPERM means it lives under another user). */
function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as Owner) : undefined;
  } catch {
    return undefined; // absent, or being written: not evidence of a death
  }
}

/**
 * Takes over a lock whose holder died on this machine; true if it did (the caller then tries to lock again). Among
 * several waiters exactly one wins: the owner record is moved away atomically first, and only the waiter whose move
 * succeeded — and whose moved record still names the dead process — removes the lock folder.
 */
async function takeOverIfDead(path: string): Promise<boolean> {
  const owner = await readOwner(ownerPath(path));
  if (!owner || owner.host !== hostname() || !processIsGone(owner.pid)) return false;
  const claimed = `${ownerPath(path)}.${randomBytes(4).toString('hex')}.claim`;
  try {
    await rename(ownerPath(path), claimed);
  } catch {
    return false; // another waiter claimed it first
  }
  try {
    const moved = await readOwner(claimed);
    if (moved?.pid !== owner.pid) {
      // A new holder wrote its record in between: put it back, it is alive.
      await rename(claimed, ownerPath(path)).catch(() => undefined);
      return false;
    }
    if (await stat(`${path}.lock`).catch(() => undefined)) await rm(`${path}.lock`, { recursive: true, force: true });
    return true;
  } finally {
    await rm(claimed, { force: true });
  }
}
