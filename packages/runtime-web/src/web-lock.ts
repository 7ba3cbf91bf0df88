/// <reference lib="dom" />
import type { Lock } from '@swsl/core';

/**
 * core's `Lock` on the Web Locks API: one lock manager per origin, shared by its tabs and workers, so two tabs
 * loading the same model download it once. A lock held by a closed tab or a terminated worker is released by the
 * browser. Without `navigator.locks` (insecure contexts), a lock within this realm only.
 */
export const webLock: Lock = (key) => {
  const locks = globalThis.navigator?.locks;
  if (!locks) return localLock(key);
  return new Promise((acquired, failed) => {
    locks.request(`swsl:${key}`, () => new Promise<void>((release) => acquired(async () => release()))).catch(failed);
  });
};

const tails = new Map<string, Promise<void>>();

function localLock(key: string): Promise<() => Promise<void>> {
  const before = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => held);
  tails.set(key, tail);
  return before.then(() => async () => {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  });
}
