/** What the page shows for a failure: every swsl error has a stable `code`; anything else is named by its class. */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
}

export function errorReport(error: unknown): ErrorReport {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code ? code : error.name || 'Error', message: error.message };
  }
  return { code: 'E_UNEXPECTED', message: String(error) };
}
