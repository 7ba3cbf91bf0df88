/**
 * Random-access bytes: a checkpoint is read piece by piece (headers, then one tensor at a time), so a 776 MB file
 * never has to be in memory at once. Platform-neutral: `bytesSource` here, a file-backed source in `./node`,
 * `Blob.slice()` in a browser.
 */
export interface ByteSource {
  /** Shown in error messages: a file name or "<bytes>". */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes at `offset`; the caller checked the range against `size`. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * True when every `read` returns new memory that nobody else holds (a file read into a fresh buffer), so a reader
   * may keep or modify it in place instead of copying. False/absent for views of the caller's bytes.
   */
  readonly freshReads?: boolean;
  /** Hex sha256 of the whole source, when the platform can compute it cheaply. */
  sha256?(): Promise<string>;
}

export function bytesSource(bytes: Uint8Array, name = '<bytes>'): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
    sha256: async () => {
      // WebCrypto's types reject views that might be on a SharedArrayBuffer; ours never are.
      const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
  };
}

export function blobSource(blob: Blob, name = (blob as File).name ?? '<blob>'): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
