import { SwslError } from '@swsl/registry';

/** The fix for every "could not get the weights" error, in one line: mirror, drop the file in, or `--weights`. */
function manualFix(location: string): string {
  return `put the file at ${location} yourself, or pass --weights <file>`;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND …) is on its cause.
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`.replace(/\s+/g, ' ');
  }
  return String(cause);
}

/** The downloaded bytes do not hash to what the registry row says; nothing of them was kept. */
export class ChecksumError extends SwslError {
  constructor(
    readonly url: string,
    readonly fileName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'E_CHECKSUM',
      `Checksum mismatch for ${fileName} from ${url}: sha256 ${actual} does not match the expected ${expected}; ` +
        'the file was not kept. Run again to re-download; if it persists, the server (or SWSL_WEIGHTS_BASE_URL mirror) serves a different file.',
    );
  }
}

/** A file already in the cache (put there by hand, or damaged) does not hash to what the registry row says. */
export class CachedChecksumError extends SwslError {
  constructor(
    readonly location: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'E_CHECKSUM',
      `Checksum mismatch for the cached ${location}: sha256 ${actual} does not match the expected ${expected}; ` +
        'it was removed. Run again to download it, or put the right file there.',
    );
  }
}

/** The server answered with an HTTP error status (404, 500 …). */
export class HttpStatusError extends SwslError {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
    readonly location: string,
  ) {
    super(
      'E_HTTP',
      `Could not download ${url}: HTTP ${status}${statusText ? ` ${statusText}` : ''}. ` +
        `Check the URL (or SWSL_WEIGHTS_BASE_URL), or ${manualFix(location)}.`,
    );
  }
}

/** The network failed: no connection, or the connection dropped more often than the retries allow. */
export class NetworkError extends SwslError {
  constructor(
    readonly url: string,
    readonly location: string,
    cause: unknown,
    readonly bytesKept = 0,
  ) {
    const resume = bytesKept > 0 ? ` (${bytesKept} bytes kept: running again resumes)` : '';
    super(
      'E_NETWORK',
      `Could not download ${url}: ${describeCause(cause)}${resume}. Check the connection, or ${manualFix(location)}.`,
      { cause },
    );
  }
}

/** Offline (`SWSL_OFFLINE=1` / `offline: true`) and the file is not in the cache; the network was not touched. */
export class OfflineError extends SwslError {
  constructor(
    readonly url: string,
    readonly location: string,
  ) {
    super(
      'E_OFFLINE',
      `Offline (SWSL_OFFLINE=1) and not cached: download ${url} and put it at ${location}, or pass --weights <file>.`,
    );
  }
}

/** The server broke the HTTP range protocol in a way a retry cannot fix. */
export class DownloadError extends SwslError {
  constructor(
    readonly url: string,
    detail: string,
    readonly location: string,
  ) {
    super('E_DOWNLOAD', `Could not download ${url}: ${detail}. Try again later, or ${manualFix(location)}.`);
  }
}

/** The converter failed with an error that is not already an `SwslError`. */
export class ConvertError extends SwslError {
  constructor(
    readonly location: string,
    cause: unknown,
  ) {
    super(
      'E_CONVERT',
      `Could not convert ${location} to ONNX: ${describeCause(cause)}. Report it with the file's name and sha256.`,
      { cause },
    );
  }
}
