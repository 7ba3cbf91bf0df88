import type { ArchName, ArchSpec, Dtype } from '@swsl/registry';

/**
 * What a platform must provide for the model store to run on it. Core holds every decision (which URL, which
 * byte range, which hash, what to keep); an adapter only moves bytes. `@swsl/runtime-node` implements these on the
 * file system and Node's fetch; a browser runtime would implement them on Cache Storage / OPFS and `fetch`.
 */
export interface StoreCapabilities {
  readonly storage: ByteStorage;
  readonly fetch: FetchLike;
  /** An incremental sha256, so a download is hashed while it streams (never read back a second time). */
  readonly createHasher: CreateHasher;
  readonly lock: Lock;
  /** The checkpoint → ONNX converter: `convertCheckpoint` from `@swsl/convert`, injected so core stays below it. */
  readonly convert: ConvertCheckpoint;
}

/**
 * Keyed byte storage. Keys are `/`-separated relative paths (`checkpoints/<file>.pth`, `onnx/<name>.onnx`,
 * `manifest.json`). Every write is atomic: a reader sees the old bytes or the new ones, never a half-written file.
 */
export interface ByteStorage {
  has(key: string): Promise<boolean>;
  /** The stored bytes, or `undefined` when the key is absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Removes the key (and any partial download of it); absent keys are fine. */
  remove(key: string): Promise<void>;
  /** Keys that start with `prefix`, sorted. Partial downloads are not listed. */
  list(prefix: string): Promise<string[]>;
  /** Where a person finds this key (a file path in Node), for messages such as "put the file at …". */
  locate(key: string): string;
  /** The partial download of `key` (created empty if there is none), kept between runs so downloads can resume. */
  openPartial(key: string): Promise<PartialFile>;
  /**
   * Called before `bytes` more are downloaded into `key` (when the size is known): a platform with a quota (a
   * browser's storage) throws a typed error naming the size needed, before anything is spent.
   */
  reserve?(bytes: number, key: string): Promise<void>;
}

/** A download in progress. Exactly one of `commit`, `discard`, `close` ends it. */
export interface PartialFile {
  /** Bytes written so far, including those of earlier runs. */
  size(): number;
  append(chunk: Uint8Array): Promise<void>;
  /** Drops every byte so far (the server ignored our Range request, or the part was longer than the file). */
  truncate(): Promise<void>;
  /** Streams the bytes written so far (to hash them). */
  read(): AsyncIterable<Uint8Array>;
  /** Atomically turns the partial file into `key`. */
  commit(): Promise<void>;
  /** Deletes the partial file: nothing of it is kept. */
  discard(): Promise<void>;
  /** Keeps the partial file for a later resume. */
  close(): Promise<void>;
}

/** The subset of WHATWG `fetch` the store uses; `globalThis.fetch` fits in Node ≥ 18 and in browsers. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface FetchInit {
  readonly headers: Record<string, string>;
  /** `manual`: Node answers the 30x itself (its headers readable); a browser answers `type: 'opaqueredirect'`. */
  readonly redirect?: 'follow' | 'manual';
  /** An `AbortSignal` (typed by the part the store reads: core builds without DOM or Node types). */
  readonly signal?: AbortSignalLike;
}

export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener?(type: 'abort', listener: () => void): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  /** WHATWG's response type; `opaqueredirect` is a browser's answer to `redirect: 'manual'`. */
  readonly type?: string;
  readonly headers: { get(name: string): string | null };
  readonly body: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> };
  } | null;
}

/** Lower-case hex sha256 of the concatenated chunks. */
export type Sha256 = (chunks: AsyncIterable<Uint8Array>) => Promise<string>;

/** A sha256 fed chunk by chunk. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex; the hasher is used up. */
  digest(): string;
}

/** A fresh hasher (async: a browser's may have to instantiate its WebAssembly first). */
export type CreateHasher = () => Promise<Hasher>;

/**
 * An exclusive lock on `key` across processes (and within one), held until the returned release is called.
 * Waits while another holder has it; a holder that died must not block the key forever.
 */
export type Lock = (key: string) => Promise<() => Promise<void>>;

/** The dtypes (`fp32`, `fp16`, `int8`, `w8`), as `@swsl/registry` defines them. */
export { DTYPES, type Dtype } from '@swsl/registry';

export interface ConvertOptions {
  /** Omitted: the converter infers the architecture from the checkpoint's tensor shapes. */
  arch?: ArchName | ArchSpec | 'auto';
  dtype?: Dtype;
  onProgress?: (detail: unknown) => void;
  /** Recorded in the model's metadata. */
  variant?: string;
  /** The verified checkpoint's sha256, so the converter need not hash it again. */
  sourceSha256?: string;
  /** `int8`: every quantization point's calibrated [min, max] (see quantization/calibrate.ts). */
  activationRanges?: Readonly<Record<string, readonly [number, number]>>;
  /** `int8`/`w8`: the calibration outputs' channel means, for bias correction. */
  channelMeans?: Readonly<Record<string, Float32Array>>;
  /** `int8`/`w8`: how the statistics were found, for the model's metadata. */
  calibration?: { method: string; imagesSha256: string; images: number };
  /** `fp32`: the calibration graph (every quantization point is also an output). */
  calibrationOutputs?: boolean;
  /** Class names stored in the model (a fine-tuned checkpoint's). */
  labels?: readonly { readonly wnid?: string; readonly name: string }[];
}

export interface ConvertResult {
  onnx: Uint8Array;
  arch: unknown;
  info: unknown;
}

/** The shape of `@swsl/convert`'s `convertCheckpoint`. */
export type ConvertCheckpoint = (bytes: Uint8Array, options: ConvertOptions) => Promise<ConvertResult>;
