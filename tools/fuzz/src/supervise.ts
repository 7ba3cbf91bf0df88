import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Format } from './formats.js';
import type { FuzzReport } from './fuzz-format.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface ChildResult {
  readonly format: Format;
  readonly report?: FuzzReport;
  /** A crash (signal, exit code, no report) or a hang (case index), with the replay line. */
  readonly problem?: string;
}

export interface ChildOptions {
  readonly runs: number;
  readonly seed: number;
  readonly path?: string;
  /** No heartbeat for this long is a hang (the child's own per-case limit is 15 s for async work). */
  readonly hangMs: number;
  /** Where the shrunk counterexample's bytes are written. */
  readonly out: string;
  readonly onProgress?: (cases: number) => void;
}

/**
 * Runs one format's fuzzing in a child process (tsx, @swsl packages from their sources) and watches it: a case that
 * spins in a synchronous loop cannot be interrupted in-process, so the parent kills a child that stops reporting
 * cases, and a native crash (signal) ends only the child. Both come back as a `problem` with the replay line.
 */
export function fuzzInChild(format: Format, options: ChildOptions): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'child.ts'),
      format,
      String(options.runs),
      String(options.seed),
      options.path ?? '',
      options.out,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TSX_TSCONFIG_PATH: join(here, '..', 'tsconfig.sources.json') },
    },
  );
  const replay = (at: number) =>
    `replay: SWSL_FUZZ_SEED=${options.seed} SWSL_FUZZ_PATH=${at} SWSL_FUZZ_FORMATS=${format} pnpm fuzz`;
  return new Promise((resolve) => {
    let lastCase = -1;
    let report: FuzzReport | undefined;
    let hung = false;
    const onHang = () => {
      hung = true;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(onHang, options.hangMs);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('case ')) {
          lastCase = Number(line.slice(5));
          clearTimeout(timer);
          timer = setTimeout(onHang, options.hangMs);
          options.onProgress?.(lastCase);
        } else if (line.startsWith('report ')) report = JSON.parse(line.slice(7)) as FuzzReport;
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (hung) {
        resolve({
          format,
          problem: `hang: no progress for ${options.hangMs / 1000} s at case ${lastCase}; ${replay(lastCase)}`,
        });
      } else if (!report) {
        resolve({ format, problem: `crash: exit ${code ?? signal} at case ${lastCase}; ${replay(lastCase)}` });
      } else resolve({ format, report });
    });
  });
}
