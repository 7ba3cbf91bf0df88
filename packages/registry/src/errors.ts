/**
 * Base class of every error swsl throws on purpose. `code` is stable across releases, so callers and the CLI
 * can branch on it; the message is for people and names the input and the fix.
 */
export class SwslError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Narrowing helper for code that catches `unknown`. */
export function isSwslError(error: unknown, code?: string): error is SwslError {
  return error instanceof SwslError && (code === undefined || error.code === code);
}
