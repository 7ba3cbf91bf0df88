import type { CreateHasher } from './capabilities.js';

/** sha256 of bytes already in memory, with the platform's hasher. */
export async function hashBytes(createHasher: CreateHasher, bytes: Uint8Array): Promise<string> {
  const hasher = await createHasher();
  hasher.update(bytes);
  return hasher.digest();
}

/** sha256 of a stream of chunks (a file read back from storage), one chunk in memory at a time. */
export async function hashChunks(createHasher: CreateHasher, chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const hasher = await createHasher();
  for await (const chunk of chunks) hasher.update(chunk);
  return hasher.digest();
}
