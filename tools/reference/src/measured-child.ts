import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a measured child process prints: whether its work succeeded (or the typed error), its time and peak RSS. */
export interface MeasuredRun {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly ms: number;
  /** VmHWM of the whole child process, in KiB. */
  readonly peakKiB: number;
}

/**
 * Runs `node --import tsx <script> <args…>` and returns the `MeasuredRun` it printed last. Peak RSS (VmHWM) of a
 * whole process is what a hostile input costs, which an in-process test cannot measure apart from the runner's heap.
 */
export function runMeasuredChild(script: string, args: readonly string[], timeoutMs = 60_000): MeasuredRun {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as MeasuredRun;
}

/**
 * The child's side: runs `work` and prints one `MeasuredRun` line (a thrown error's `code` and message, or its
 * string where it has no code).
 */
export async function reportMeasuredRun(work: () => Promise<unknown> | unknown): Promise<void> {
  const start = performance.now();
  let outcome: Pick<MeasuredRun, 'ok' | 'code' | 'message'>;
  try {
    await work();
    outcome = { ok: true };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    outcome =
      typeof code === 'string' ? { ok: false, code, message: String(message) } : { ok: false, message: String(error) };
  }
  const ms = performance.now() - start;
  const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
  process.stdout.write(`${JSON.stringify({ ...outcome, ms, peakKiB })}\n`);
}
