import type { AbortSignalLike } from './capabilities.js';

// Node and browsers both have these; core builds without Node or DOM types, so it names the part it uses.
const host = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  AbortController: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void };
};

export function setTimeout(callback: () => void, ms: number): unknown {
  return host.setTimeout(callback, ms);
}

export function clearTimeout(id: unknown): void {
  host.clearTimeout(id);
}

/** An `AbortController` whose signal also fires when `outer` does (the caller's cancel). */
export function linkedController(outer: AbortSignalLike | undefined): {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
  /** Stops listening to `outer`. */
  release(): void;
} {
  const controller = new host.AbortController();
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  outer?.addEventListener?.('abort', forward);
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    release: () => outer?.removeEventListener?.('abort', forward),
  };
}

/** Waits `ms`, or less if `signal` aborts (then resolves at once: the caller checks `signal.aborted`). */
export function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener?.('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener?.('abort', done);
  });
}
