// The one checkpoint every path runs, and the files each library loads, made from it once and reused while newer
// than it: swsl's fp32 and int8 ONNX (by `swsl convert`, as a user makes them) and the transformers.js model folder
// (torch.onnx.export + config.json + preprocessor_config.json).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ORACLE_PYTHON, runOracle } from '@swsl/reference';
import { preprocessorConfig, resnetConfig } from './hf-config.js';
import { runJson } from './processes.js';
import { ARCH, BENCH_DIR, CLI, PY_DIR, WORK_DIR } from './settings.js';

export interface Models {
  readonly checkpoint: string;
  readonly fp32: string;
  readonly int8: string;
  /** transformers.js's `env.localModelPath`, and the model id under it. */
  readonly transformersJs: { readonly localModelPath: string; readonly id: string };
}

/** Whether `file` must be (re)made: missing, or older than what it is made from. */
const stale = (file: string, from: string) => !existsSync(file) || statSync(file).mtimeMs < statSync(from).mtimeMs;

function swslConvert(checkpoint: string, out: string, dtype: 'fp32' | 'int8'): void {
  if (!stale(out, checkpoint)) return;
  console.error(`making ${out} (swsl convert --dtype ${dtype})`);
  execFileSync(process.execPath, [CLI, 'convert', '--quiet', checkpoint, '--arch', ARCH, '--dtype', dtype, '-o', out], {
    stdio: 'inherit',
  });
}

function transformersJsFolder(checkpoint: string, localModelPath: string, id: string): void {
  const folder = join(localModelPath, id);
  const onnx = join(folder, 'onnx/model.onnx');
  if (stale(onnx, checkpoint)) {
    console.error(`making ${onnx} (torch.onnx.export)`);
    runJson(ORACLE_PYTHON, [
      join(PY_DIR, 'export_hf_onnx.py'),
      '--checkpoint',
      checkpoint,
      '--arch',
      ARCH,
      '--out',
      onnx,
    ]);
  }
  // Cheap and derived from the registry: always rewritten, so they follow any change to the labels or the spec.
  writeFileSync(join(folder, 'config.json'), `${JSON.stringify(resnetConfig(), null, 2)}\n`);
  writeFileSync(join(folder, 'preprocessor_config.json'), `${JSON.stringify(preprocessorConfig(), null, 2)}\n`);
}

/**
 * The checkpoint and swsl's fp32 and int8 ONNX made from it (`.cache/bench/e2e/resnet50.{fp32,int8}.onnx`): made when
 * missing or older than the checkpoint, else reused. Also what `pnpm bench:serve` serves (`@swsl/bench-e2e/models`).
 */
export function prepareSwslModels(): Pick<Models, 'checkpoint' | 'fp32' | 'int8'> {
  mkdirSync(WORK_DIR, { recursive: true });
  // The checkpoint bench:pipeline uses: oracle-made, BatchNorm calibrated on images, seed 1.
  const checkpoint = join(BENCH_DIR, `${ARCH}.legacy.pth`);
  if (!existsSync(checkpoint)) {
    console.error(`making ${checkpoint} (oracle checkpoint)`);
    mkdirSync(dirname(checkpoint), { recursive: true });
    runOracle(['checkpoint', '--arch', ARCH, '--format', 'legacy', '--seed', '1', '--out', checkpoint]);
  }
  const fp32 = join(WORK_DIR, `${ARCH}.fp32.onnx`);
  const int8 = join(WORK_DIR, `${ARCH}.int8.onnx`);
  swslConvert(checkpoint, fp32, 'fp32');
  swslConvert(checkpoint, int8, 'int8');
  return { checkpoint, fp32, int8 };
}

export function prepareModels(): Models {
  const { checkpoint, fp32, int8 } = prepareSwslModels();
  const transformersJs = { localModelPath: join(WORK_DIR, 'transformers-js'), id: ARCH };
  transformersJsFolder(checkpoint, transformersJs.localModelPath, transformersJs.id);
  return { checkpoint, fp32, int8, transformersJs };
}
