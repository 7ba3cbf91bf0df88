import { Worker } from 'node:worker_threads';

// Plain CommonJS so it runs with `eval: true` from both src/ (tests) and dist/ without a separate file to ship.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hash = createHash('sha256');
const fd = openSync(workerData.path, 'r');
const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
try {
  for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    hash.update(buffer.subarray(0, n));
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage(hash.digest('hex'));
`;

/**
 * sha256 of a file on a worker thread, so hashing a 776 MB checkpoint (about a second) overlaps the conversion
 * running on the main thread instead of adding to it.
 */
export function sha256FileInWorker(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { path } });
    worker.once('message', (digest: string) => resolve(digest));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${path}: hashing worker exited with ${code}`));
    });
  });
}
