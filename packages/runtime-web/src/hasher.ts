/** An incremental sha256: the shape of `@swsl/core`'s `Hasher` (lower-case hex digest). */
export interface IncrementalHasher {
  update(chunk: Uint8Array): void;
  digest(): string;
}

/**
 * core's `CreateHasher` for the browser. SubtleCrypto has no streaming digest (it needs the whole file in one
 * buffer), so a download is hashed chunk by chunk with hash-wasm's SHA-256 (WebAssembly, embedded in the module:
 * no extra file to serve). Works on the main thread and in workers. Measured against SubtleCrypto in
 * bench/sha256.ts (numbers in the README). hash-wasm is loaded on the first download, not with the page's main chunk.
 */
export async function createBrowserHasher(): Promise<IncrementalHasher> {
  const { createSHA256 } = await import('./sha256-wasm.js');
  const hasher = await createSHA256();
  hasher.init();
  return {
    update(chunk) {
      hasher.update(chunk);
    },
    digest: () => hasher.digest('hex'),
  };
}
