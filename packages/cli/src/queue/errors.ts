import { SwslError } from '@swsl/registry';

/** Redis cannot be reached, refused the login, or answered something that is not Redis. */
export class RedisUnavailableError extends SwslError {
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(
      'E_REDIS',
      `cannot use Redis at ${url}: ${reason}. Start one (apt-get install redis-server) or fix --redis / SWSL_REDIS_URL ` +
        '(redis://[user:password@]host:6379/db, rediss:// for TLS)',
      options,
    );
  }
}

/** `queue status/results/clean` named a job that Redis does not hold (never submitted, or cleaned). */
export class UnknownJobError extends SwslError {
  constructor(name: string | undefined, known: readonly string[]) {
    super(
      'E_UNKNOWN_JOB',
      (name === undefined ? 'name the job: ' : `no queue job named "${name}" in this Redis; `) +
        (known.length
          ? `it holds ${known.map((k) => `"${k}"`).join(', ')}`
          : 'it holds none: submit one with `swsl queue submit`'),
    );
  }
}

/** A job name given twice for different work: reusing it would mix two jobs' results. */
export class JobExistsError extends SwslError {
  constructor(name: string) {
    super(
      'E_JOB_EXISTS',
      `a different job is already queued as "${name}" (other inputs or model options); pick another --queue name, ` +
        `or remove the old one with \`swsl queue clean ${name}\``,
    );
  }
}

/** A manifest line that is neither a path/URL nor `{"input": …, "label"?: …}`, or a label that is no class. */
export class ManifestError extends SwslError {
  constructor(file: string, line: number, reason: string) {
    super('E_MANIFEST', `${file}:${line}: ${reason}`);
  }
}

/** `queue results` before the workers are done, without `--partial`. */
export class JobNotDoneError extends SwslError {
  constructor(name: string, pending: number, detail: string) {
    super(
      'E_NOT_DONE',
      `job "${name}" has ${pending} inputs not done yet (${detail}); wait for the workers (\`swsl queue status ${name}\`), ` +
        'or pass --partial for the rows done so far',
    );
  }
}
