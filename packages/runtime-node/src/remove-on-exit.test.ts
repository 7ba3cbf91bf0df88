import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'swsl-remove-on-exit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const moduleUrl = new URL('./remove-on-exit.ts', import.meta.url).href;

/**
 * A Node process that writes `file` (registered with removeOnExit, and `kept` not registered), optionally handles
 * SIGTERM itself as a draining worker does, says "ready" and waits.
 */
function child(file: string, kept: string, handlesSigterm: boolean): ChildProcess {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { removeOnExit } from ${JSON.stringify(moduleUrl)};
    removeOnExit(${JSON.stringify(file)});
    writeFileSync(${JSON.stringify(file)}, 'partial');
    writeFileSync(${JSON.stringify(kept)}, 'resumable');
    ${handlesSigterm ? "process.on('SIGTERM', () => { process.stdout.write('draining\\n'); setTimeout(() => process.exit(0), 500); });" : ''}
    setInterval(() => {}, 1000);
    process.stdout.write('ready\\n');`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function ready(proc: ChildProcess): Promise<void> {
  await once(proc.stdout!, 'data');
}

describe('removeOnExit', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s: the registered file is removed, the others kept, and the signal ends the process',
    async (signal) => {
      const file = join(work, `${signal}.tmp`);
      const kept = join(work, `${signal}.part`);
      const proc = child(file, kept, false);
      await ready(proc);
      proc.kill(signal);
      const [code, by] = await once(proc, 'exit');
      expect({ code, by }).toEqual({ code: null, by: signal });
      expect(existsSync(file)).toBe(false);
      expect(existsSync(kept)).toBe(true);
    },
  );

  it('a program that handles SIGTERM itself keeps running; the file goes when it exits', async () => {
    const file = join(work, 'drain.tmp');
    const proc = child(file, join(work, 'drain.part'), true);
    await ready(proc);
    proc.kill('SIGTERM');
    await once(proc.stdout!, 'data'); // "draining": its own handler runs, the process goes on for 0.5 s
    expect(existsSync(file)).toBe(true);
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});
