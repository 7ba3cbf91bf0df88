// The PyTorch side, one process per pass (model load and warm-up excluded by the scripts' own timers):
// the seed's fp32 loop (bench:pipeline's script, --mode seed) and PyTorch's FX int8 on oneDNN (py/fx_int8.py).
import { join } from 'node:path';
import { ORACLE_PYTHON } from '@swsl/reference';
import { runJson } from './processes.js';
import { ARCH, PY_DIR, ROOT } from './settings.js';
import type { Timed } from './timed.js';

const SEED_SCRIPT = join(ROOT, 'packages/cli/bench/pipelined-vs-torch.py');
const top1 = (top5: number[][]) => top5.map((t) => t[0] ?? -1);
const torchEnv = (threads: number) => ({ ...process.env, SWSL_ORACLE_THREADS: String(threads) });

export function torchSeed(checkpoint: string, images: readonly string[], threads: number, batch: number): Timed {
  const { seconds, top5 } = runJson<{ seconds: number; top5: number[][] }>(
    ORACLE_PYTHON,
    [SEED_SCRIPT, '--checkpoint', checkpoint, '--arch', ARCH, '--mode', 'seed', '--batch', String(batch), ...images],
    { env: torchEnv(threads) },
  );
  return { seconds, top1: top1(top5) };
}

export interface FxInt8 {
  readonly perImage: Timed;
  readonly batched: Timed;
  readonly engine: string;
  readonly engineNote: string | null;
  readonly supportedEngines: readonly string[];
  readonly quantizeSeconds: number;
  readonly torch: string;
}

export function torchFxInt8(checkpoint: string, images: readonly string[], threads: number, batch: number): FxInt8 {
  type Loop = { seconds: number; top5: number[][] };
  const out = runJson<Omit<FxInt8, 'perImage' | 'batched'> & { perImage: Loop; batched: Loop }>(
    ORACLE_PYTHON,
    [join(PY_DIR, 'fx_int8.py'), '--checkpoint', checkpoint, '--arch', ARCH, '--batch', String(batch), ...images],
    { env: torchEnv(threads) },
  );
  return {
    ...out,
    perImage: { seconds: out.perImage.seconds, top1: top1(out.perImage.top5) },
    batched: { seconds: out.batched.seconds, top1: top1(out.batched.top5) },
  };
}
