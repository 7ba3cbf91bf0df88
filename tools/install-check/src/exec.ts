// Runs a command and collects its output: one place for the timeout and the clean environment.
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  /** stdout and stderr interleaved, as a user would see them. */
  output: string;
  seconds: number;
  timedOut: boolean;
}

export interface ExecOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutSeconds: number;
}

export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutSeconds * 1000);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000, timedOut });
    };
    child.on('error', (error) => {
      output += String(error);
      finish(null);
    });
    child.on('close', finish);
  });
}

/**
 * The environment of a user's shell, stripped to nothing but PATH and HOME (as `env -i PATH=$PATH HOME=$home`):
 * no npm_config_* that pnpm or npm set for scripts, no ONNXRUNTIME_NODE_INSTALL, no CI flags. PATH loses the
 * node_modules/.bin folders `pnpm run` prepends, so `npx` finds only what the install put there.
 */
export function cleanEnv(home: string): Record<string, string> {
  const path = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => dir && !dir.includes('node_modules'))
    .join(':');
  return { PATH: path, HOME: home };
}

/** The last `lines` non-empty lines of `text`, indented: what a failed step prints. */
export function tail(text: string, lines = 15): string {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => line.trim())
    .slice(-lines)
    .map((line) => `      ${line}`)
    .join('\n');
}
