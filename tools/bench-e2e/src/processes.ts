// Child processes: the PyTorch scripts and the CLI, run as a user runs them.
import { execFileSync, spawnSync } from 'node:child_process';

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Runs a command that prints one JSON object as its last line of stdout, and returns it. stderr passes through. */
export function runJson<T>(command: string, args: readonly string[], options: ChildOptions = {}): T {
  const out = execFileSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as T;
}

/**
 * Wall-clock seconds of a whole process — start, imports, model load, work, exit — with its stdout discarded (as
 * `> /dev/null`). A failure throws with the command's stderr.
 */
export function wallSeconds(command: string, args: readonly string[], options: ChildOptions = {}): number {
  const start = performance.now();
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}`,
    );
  }
  return seconds;
}
