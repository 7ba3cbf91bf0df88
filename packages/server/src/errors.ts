/**
 * Every failure the server answers with: an HTTP status, a stable code and a message that names the input and the
 * fix. The body is `{"error": message, "code": code}` — the Open Inference Protocol's `{"error": …}` plus the code.
 */
export class ServeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (`Retry-After` on a full queue). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ServeError';
  }
}

export const badRequest = (message: string) => new ServeError(400, 'E_BAD_REQUEST', message);
export const badTensor = (message: string) => new ServeError(400, 'E_BAD_TENSOR', message);

export const unknownModel = (name: string, known: readonly string[]) =>
  new ServeError(404, 'E_UNKNOWN_MODEL', `no model named "${name}" is served here; models: ${known.join(', ')}`);

export const queueFull = (model: string, retryAfterSeconds: number) =>
  new ServeError(
    503,
    'E_QUEUE_FULL',
    `${model}: the queue is full; retry after ${retryAfterSeconds} s (or raise --max-queue)`,
    { 'retry-after': String(retryAfterSeconds) },
  );

export const deadlineExceeded = (model: string, ms: number) =>
  new ServeError(504, 'E_DEADLINE', `${model}: not answered within the ${ms} ms deadline (--deadline-ms); dropped`);

export const shuttingDown = () =>
  new ServeError(503, 'E_SHUTTING_DOWN', 'the server is shutting down; retry on another replica', {
    'retry-after': '1',
    connection: 'close',
  });

/** Fastify's own errors (body parsing, limits) → the server's codes. */
export function fromFastifyError(error: { statusCode?: number; code?: string; message: string }): ServeError {
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServeError(413, 'E_BODY_TOO_LARGE', 'the request body is over the limit (--body-limit-mb)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServeError(
        415,
        'E_UNSUPPORTED_MEDIA_TYPE',
        'unsupported content-type: send application/json, application/octet-stream, image/* or multipart/form-data',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest(`the body is not valid JSON: ${error.message}`);
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return new ServeError(413, 'E_BODY_TOO_LARGE', `multipart body over its limits: ${error.message}`);
  }
  if (error instanceof SyntaxError) return badRequest(`the body is not valid JSON: ${error.message}`);
  if (status >= 400 && status < 500) return new ServeError(status, 'E_BAD_REQUEST', error.message);
  return new ServeError(500, 'E_INTERNAL', 'internal error (details in the server log)');
}
