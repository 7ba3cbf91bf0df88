import { createBrowserHasher } from './hasher.js';

/** Bytes hashed between two returns to the event loop: ≈ 4 ms of hash-wasm here (286 MB/s, see README). */
const SLICE_BYTES = 1 << 20;

/**
 * Lower-case hex sha256 of bytes in memory, without blocking the thread it runs on: hash-wasm's incremental SHA-256
 * over 1 MB slices, the event loop let in between. SubtleCrypto's one-shot digest is faster in total but holds the
 * main thread for the whole buffer (353 ms for a 100 MB checkpoint, measured in Chromium 156 — a frozen page).
 */
export async function sha256Hex(bytes: Uint8Array, onProgress?: (hashed: number) => void): Promise<string> {
  const hasher = await createBrowserHasher();
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    if (at > 0) await nextTask();
    hasher.update(bytes.subarray(at, at + SLICE_BYTES));
    onProgress?.(Math.min(at + SLICE_BYTES, bytes.length));
  }
  return hasher.digest();
}

/**
 * Resolves in a new task, so input and rendering run first. A MessageChannel message, not `setTimeout`: background
 * tabs throttle timers to one a second, which would make hashing a 100 MB file take 25 s there.
 */
function nextTask(): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
