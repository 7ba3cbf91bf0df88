/** `swsl` exit statuses (documented in the README). */
export const EXIT = {
  ok: 0,
  /** Something failed: the one-line message on stderr says what and how to fix it. */
  error: 1,
  /** Bad usage: unknown command/option, missing argument, unknown variant. */
  usage: 2,
  /**
   * Some inputs could not be processed (each reported on its own; the others were), or the inputs held no image at
   * all (`E_NO_INPUT`, one line).
   */
  someInputsFailed: 3,
} as const;
