// `swsl serve` as a user starts it, one child process per configuration: started, read from, and always stopped
// (SIGTERM, then SIGKILL after 10 s), also when the benchmark is interrupted or fails.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cliEnv } from '@swsl/bench-e2e/swsl-cli';
import { parsePrometheus, type Sample } from './prometheus.js';
import { CLI } from './settings.js';

export interface ServeFlags {
  readonly weights: string;
  readonly threads: number;
  readonly maxBatch?: number;
  readonly maxQueueDelayMs?: number;
  readonly maxQueue?: number;
  readonly decodeWorkers?: number;
}

export interface ServerChild {
  readonly pid: number;
  readonly url: string;
  /** The model's name in URLs (the ONNX file's base name). */
  readonly model: string;
  readonly args: readonly string[];
  metrics(): Promise<Sample[]>;
  /** Images admitted and not yet answered (`swsl_queue_depth`). */
  queueDepth(): Promise<number>;
  /** Waits until nothing is admitted (the previous load's last requests answered), at most `timeoutMs`. */
  settle(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>;
}

const running = new Set<ChildProcess>();
let hooked = false;

/** Children still running when the benchmark exits (a failure, Ctrl-C) are killed: never a server left behind. */
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export function serveArgs(flags: ServeFlags): string[] {
  const optional = (flag: string, value: number | undefined) => (value === undefined ? [] : [flag, String(value)]);
  return [
    'serve',
    '--weights',
    flags.weights,
    '--port',
    '0',
    '--device',
    'cpu',
    '--threads',
    String(flags.threads),
    ...optional('--max-batch', flags.maxBatch),
    ...optional('--max-queue-delay-ms', flags.maxQueueDelayMs),
    ...optional('--max-queue', flags.maxQueue),
    ...optional('--decode-workers', flags.decodeWorkers),
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `swsl serve …` and resolves once it prints where it serves (every model loaded and warmed by then). */
export function startServer(flags: ServeFlags, startTimeoutMs = 180_000): Promise<ServerChild> {
  hookExit();
  const args = serveArgs(flags);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...cliEnv(), NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`swsl ${args.join(' ')} did not listen within ${startTimeoutMs} ms:\n${stderr}`));
    }, startTimeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr += d;
      const m = /serving (\S+) at (http:\/\/\S+)/.exec(stderr);
      if (!m) return;
      clearTimeout(timer);
      const [model, url] = [m[1] as string, m[2] as string];
      const metrics = async () => parsePrometheus(await (await fetch(`${url}/metrics`)).text());
      const queueDepth = async () =>
        (await metrics()).find((s) => s.name === 'swsl_queue_depth' && s.labels.model === model)?.value ?? 0;
      resolve({
        pid: child.pid as number,
        url,
        model,
        args,
        metrics,
        queueDepth,
        async settle(timeoutMs = 15_000) {
          const until = Date.now() + timeoutMs;
          while ((await queueDepth()) > 0 && Date.now() < until) await sleep(50);
        },
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), killed: false };
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const end = await exited;
          clearTimeout(timer);
          return { ...end, killed: end.signal === 'SIGKILL' };
        },
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`swsl ${args.join(' ')} exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

/** Resident memory of a process now, bytes (Linux: VmRSS of /proc/<pid>/status); null where there is none. */
export function rssBytes(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until `stop()`, which gives the peak and the number of samples. */
export function watchRss(pid: number, everyMs = 200) {
  let peak = 0;
  let samples = 0;
  const sample = () => {
    const rss = rssBytes(pid);
    if (rss === null) return;
    samples++;
    peak = Math.max(peak, rss);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakBytes: peak, samples, everyMs };
    },
  };
}
