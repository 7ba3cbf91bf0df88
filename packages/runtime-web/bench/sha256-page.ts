/// <reference lib="dom" />
// Page script of bench/sha256.ts: hashes the same bytes with hash-wasm (incremental, 1 MB chunks) and with
// SubtleCrypto (one-shot, the whole buffer), in the same page, alternating, and returns the times.
import { createBrowserHasher } from '../src/hasher.js';

async function subtleHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function run(totalMb: number, chunkMb: number, rounds: number) {
  const bytes = new Uint8Array(totalMb << 20);
  // Pseudo-random content (xorshift), so nothing can shortcut on zeros.
  let x = 2463534242;
  const words = new Uint32Array(bytes.buffer);
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  const chunk = chunkMb << 20;
  const incremental: number[] = [];
  const oneShot: number[] = [];
  const longestUpdate: number[] = [];
  let digests: string[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const hasher = await createBrowserHasher();
    let longest = 0;
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      const u = performance.now();
      hasher.update(bytes.subarray(offset, offset + chunk));
      longest = Math.max(longest, performance.now() - u);
    }
    const a = hasher.digest();
    incremental.push(performance.now() - t);
    longestUpdate.push(longest);
    t = performance.now();
    const b = await subtleHex(bytes);
    oneShot.push(performance.now() - t);
    digests = [a, b];
  }
  return { incremental, oneShot, longestUpdate, digests, userAgent: navigator.userAgent };
}

Object.assign(globalThis, { benchSha256: run });
