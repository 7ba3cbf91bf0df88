// Single-image latency: what a user waits for one answer, whole process from start to exit, the median of N runs
// after one untimed run (so the OS file cache is warm and the checkpoint's int8 conversion is cached). Runs are
// interleaved: run 1 of every command, then run 2, …
import { join } from 'node:path';
import { ORACLE_PYTHON } from '@swsl/reference';
import type { Models } from './models.js';
import { wallSeconds } from './processes.js';
import { ARCH, CLI, PY_DIR, ROOT, VARIANT } from './settings.js';
import { median } from './stats.js';
import { classifyArgs, cliEnv } from './swsl-cli.js';
import { transformersJsArgs } from './transformers-js.js';

export interface Latency {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly medianSeconds: number;
  readonly runsSeconds: readonly number[];
}

interface Command {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

function commands(models: Models, image: string, threads: number, batch: number): Command[] {
  const node = process.execPath;
  return [
    {
      id: 'swsl-int8-onnx',
      name: 'swsl classify, int8 ONNX',
      file: node,
      args: classifyArgs([image], models.int8, threads, batch),
      env: cliEnv(),
    },
    {
      id: 'swsl-fp32-onnx',
      name: 'swsl classify, fp32 ONNX',
      file: node,
      args: classifyArgs([image], models.fp32, threads, batch),
      env: cliEnv(),
    },
    {
      id: 'swsl-int8-checkpoint',
      name: 'swsl classify, checkpoint --dtype int8 (conversion cached)',
      file: node,
      // `-m` pins the checkpoint's architecture (classify has no --arch); the first, untimed run converts.
      args: [...classifyArgs([image], models.checkpoint, threads, batch), '-m', VARIANT, '--dtype', 'int8'],
      env: cliEnv(),
    },
    { id: 'swsl-help', name: 'swsl --help', file: node, args: [CLI, '--help'], env: cliEnv() },
    {
      id: 'torch-seed-one',
      name: "PyTorch, the seed's script (fp32)",
      file: ORACLE_PYTHON,
      args: [join(PY_DIR, 'seed_one.py'), '--checkpoint', models.checkpoint, '--arch', ARCH, image],
      env: { ...process.env, SWSL_ORACLE_THREADS: String(threads) },
    },
    {
      id: 'transformers-js-one',
      name: 'transformers.js pipeline (fp32)',
      file: node,
      args: transformersJsArgs(models.transformersJs, [image], { threads, batch, warmup: false }),
    },
  ];
}

export function singleImageLatency(
  models: Models,
  image: string,
  options: { runs: number; threads: number; batch: number },
): Latency[] {
  const list = commands(models, image, options.threads, options.batch);
  const runs = new Map<string, number[]>(list.map((c) => [c.id, []]));
  for (let run = 0; run <= options.runs; run++) {
    for (const c of list) {
      const seconds = wallSeconds(c.file, c.args, c.env ? { env: c.env } : {});
      if (run > 0) runs.get(c.id)?.push(seconds);
      console.error(`latency ${run === 0 ? 'untimed run' : `run ${run}`}: ${c.name}: ${seconds.toFixed(2)} s`);
    }
  }
  return list.map((c) => {
    const runsSeconds = runs.get(c.id) ?? [];
    const short = (p: string) =>
      p.replace(process.execPath, 'node').replace(ORACLE_PYTHON, 'python3').replaceAll(`${ROOT}/`, '');
    return {
      id: c.id,
      name: c.name,
      command: [short(c.file), ...c.args.map(short)].join(' '),
      medianSeconds: median(runsSeconds),
      runsSeconds,
    };
  });
}
