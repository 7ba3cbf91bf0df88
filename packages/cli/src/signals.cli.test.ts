import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveVariant } from '@swsl/registry';
import { startFaultServer } from '@swsl/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO } from './test-support/run-cli.js';

// `swsl pull` stopped as a container stop, a timeout or Ctrl-C stops it: the cache keeps the resumable part and
// nothing else of this process (no lock owner record, no lock folder, no temp file), and the exit is the signal's.
const work = mkdtempSync(join(tmpdir(), 'swsl-signals-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const variant = resolveVariant('resnet18_swsl');

describe('swsl pull stopped by a signal mid-download', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: only the part file is left, and the exit is by that signal',
    async (signal) => {
      // 40 kB of anything, then a stall: the download is in progress, the lock held, when the signal comes.
      const faults = await startFaultServer(new Uint8Array(1 << 20), [{ kind: 'stall', after: 40_000 }]);
      const home = join(work, signal);
      try {
        const child = spawn(process.execPath, [BIN, 'pull', 'resnet18_swsl', '--source', 'fb'], {
          cwd: REPO,
          env: { ...process.env, NO_COLOR: '1', SWSL_HOME: home, SWSL_WEIGHTS_BASE_URL: faults.url },
          stdio: 'ignore',
        });
        const part = join(home, 'checkpoints', `${variant.weights.fileName}.part`);
        const deadline = Date.now() + 30_000;
        while (statSync(part, { throwIfNoEntry: false })?.size !== 40_000) {
          if (Date.now() > deadline) throw new Error('swsl pull never wrote its first 40 kB');
          await new Promise((r) => setTimeout(r, 50));
        }
        child.kill(signal);
        const [code, by] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
        expect({ code, by }).toEqual({ code: null, by: signal });
        const entries = readdirSync(home, { recursive: true, withFileTypes: true });
        const left = entries.filter((e) => e.isFile() || e.name.endsWith('.lock')).map((e) => e.name);
        expect(left).toEqual([`${variant.weights.fileName}.part`]);
      } finally {
        await faults.close();
      }
    },
  );
});
