import type { ByteStorage, PartialFile } from './capabilities.js';

/**
 * `ByteStorage` in memory: for tests of core, and for a runtime with nowhere to persist (nothing survives the
 * process, so every partial download starts from 0).
 */
export function createMemoryStorage(label = 'memory'): ByteStorage {
  const files = new Map<string, Uint8Array>();
  const parts = new Map<string, Uint8Array[]>();
  return {
    has: async (key) => files.has(key),
    get: async (key) => files.get(key),
    put: async (key, bytes) => {
      files.set(key, bytes.slice());
    },
    remove: async (key) => {
      files.delete(key);
      parts.delete(key);
    },
    list: async (prefix) => [...files.keys()].filter((key) => key.startsWith(prefix)).sort(),
    locate: (key) => `${label}:${key}`,
    openPartial: async (key): Promise<PartialFile> => {
      const chunks = parts.get(key) ?? [];
      parts.set(key, chunks);
      const size = () => chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      const joined = () => {
        const out = new Uint8Array(size());
        let offset = 0;
        for (const chunk of chunks) {
          out.set(chunk, offset);
          offset += chunk.byteLength;
        }
        return out;
      };
      return {
        size,
        append: async (chunk) => {
          chunks.push(chunk.slice());
        },
        truncate: async () => {
          chunks.length = 0;
        },
        read: async function* () {
          yield joined();
        },
        commit: async () => {
          files.set(key, joined());
          parts.delete(key);
        },
        discard: async () => {
          parts.delete(key);
        },
        close: async () => {},
      };
    },
  };
}
