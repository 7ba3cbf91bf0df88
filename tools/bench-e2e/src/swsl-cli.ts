// swsl as a user runs it: `swsl classify <folder> --weights <onnx> --json > /dev/null`, the whole process timed —
// node's start, the model's load, the first (cold) batch and the exit included.
import { join } from 'node:path';
import { wallSeconds } from './processes.js';
import { CLI, WORK_DIR } from './settings.js';

/**
 * The CLI's environment: a model cache of the benchmark's own (so `--weights ckpt.pth`'s cached conversion is the
 * benchmark's, not the user's) and no network.
 */
export const cliEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  SWSL_HOME: join(WORK_DIR, 'swsl-home'),
  SWSL_OFFLINE: '1',
});

export const classifyArgs = (inputs: readonly string[], weights: string, threads: number, batch: number): string[] => [
  CLI,
  'classify',
  ...inputs,
  '--weights',
  weights,
  '--device',
  'cpu',
  '--threads',
  String(threads),
  '--batch',
  String(batch),
  '--json',
];

/** Seconds of the whole `swsl classify` process over a folder. */
export const swslCli = (folder: string, onnx: string, threads: number, batch: number): number =>
  wallSeconds(process.execPath, classifyArgs([folder], onnx, threads, batch), { env: cliEnv() });
