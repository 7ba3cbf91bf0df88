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
        'the file was not kept. Run again to re-download; if it persists, the server (or the SWSL_WEIGHTS_BASE_URL / ' +
        'HF_ENDPOINT mirror) serves a different file.',
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
  readonly reason: string;
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
    readonly location: string,
  ) {
    super(
      'E_HTTP',
      `Could not download ${url}: HTTP ${status}${statusText ? ` ${statusText}` : ''}. ` +
        `Check the URL (or SWSL_WEIGHTS_BASE_URL, HF_ENDPOINT), or ${manualFix(location)}.`,
    );
    this.reason = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  }
}

/** The network failed: no connection, or the connection dropped more often than the retries allow. */
export class NetworkError extends SwslError {
  readonly reason: string;
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
    this.reason = describeCause(cause);
  }
}

/** Offline (`SWSL_OFFLINE=1` / `offline: true`) and the file is not in the cache; the network was not touched. */
export class OfflineError extends SwslError {
  readonly url: string;
  constructor(
    readonly urls: readonly string[],
    readonly location: string,
  ) {
    super(
      'E_OFFLINE',
      `Offline (SWSL_OFFLINE=1) and not cached: download ${urls.join(' or ')} and put it at ${location}, or pass ` +
        '--weights <file>.',
    );
    this.url = urls[0] ?? '';
  }
}

/**
 * Every source of a variant failed (`auto`: Facebook's URL, then the hub). One line naming each URL with its
 * reason, where to put the file by hand, and `--weights`.
 */
export class SourcesFailedError extends SwslError {
  constructor(
    readonly variant: string,
    readonly failures: readonly { readonly url: string; readonly error: SwslError }[],
    readonly location: string,
  ) {
    const tried = failures.map((f) => `${f.url} (${reasonOf(f.error)})`).join('; then ');
    super(
      failures.every((f) => f.error.code === 'E_HTTP') ? 'E_HTTP' : 'E_NETWORK',
      `Could not download ${variant}: tried ${tried}. Check the connection (or --source, SWSL_WEIGHTS_BASE_URL, ` +
        `HF_ENDPOINT), or ${manualFix(location)}.`,
    );
  }
}

/** The part of a download error's message that says what went wrong, without its own "how to fix" tail. */
function reasonOf(error: SwslError): string {
  return `${error.code}: ${(error as { reason?: string }).reason ?? error.message}`;
}

/** The hub did not say what the file's sha256 is (no `X-Linked-Etag` with a sha256): the bytes cannot be verified. */
export class HubIntegrityError extends SwslError {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly location: string,
  ) {
    super(
      'E_HUB_INTEGRITY',
      `Could not download ${url}: ${reason}, so the file cannot be verified and was not downloaded. Check HF_ENDPOINT ` +
        `(a mirror must send X-Linked-Etag like huggingface.co), or ${manualFix(location)}.`,
    );
  }
}

/** No source fits the choice (`--source hf` for a variant without a hub copy, or an unknown choice). */
export class WeightSourceError extends SwslError {
  constructor(variant: string | undefined, choice: string, from = '--source') {
    super(
      'E_SOURCE',
      variant
        ? `${variant} has no weight source for ${from} ${choice}. Use --source auto, fb or hf.`
        : `${from}=${choice} is not a weight source: use auto (Facebook's URL, then the Hugging Face hub), fb or hf.`,
    );
  }
}

/** The caller aborted (its `signal`); a partial download is kept, so the next attempt resumes it. */
export class AbortedError extends SwslError {
  constructor(
    readonly url: string,
    readonly bytesKept: number,
  ) {
    super(
      'E_ABORTED',
      `Download of ${url} cancelled${bytesKept > 0 ? ` (${bytesKept} bytes kept: loading again resumes)` : ''}.`,
    );
  }
}

/** The server broke the HTTP range protocol in a way a retry cannot fix. */
export class DownloadError extends SwslError {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly location: string,
  ) {
    super('E_DOWNLOAD', `Could not download ${url}: ${reason}. Try again later, or ${manualFix(location)}.`);
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
