import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, REPO } from './run-cli.js';

export interface ServeChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process printed on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
}

/** `swsl serve …` as a user starts it; resolves once it prints the address it serves at. */
export function startServeChild(args: string[], env: Record<string, string>): Promise<ServeChild> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const url = /serving .* at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`swsl serve exited ${code} before listening:\n${stderr}`)));
  });
}
