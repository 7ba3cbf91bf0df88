/**
 * Loading progress. `download`: bytes of the model (or nothing, on a cache hit); `convert`: weight bytes written by
 * the checkpoint converter; `calibrate` (int8/w8 from a checkpoint): calibration images run through the fp32 model,
 * `loaded` of `total`; `verify`: hashing bytes before use (`cached` says whether they came from the cache);
 * `session`: onnxruntime is compiling the model for the device.
 */
export interface WebProgress {
  readonly stage: 'download' | 'convert' | 'calibrate' | 'verify' | 'session';
  readonly loaded?: number;
  readonly total?: number;
  readonly cached?: boolean;
}

/** Something went wrong but loading went on (a damaged cache entry was replaced, WebGPU fell back to WASM). */
export interface WebWarning {
  readonly code: string;
  readonly message: string;
}
