// Option declarations only: `swsl --help` loads this, so nothing here may load a runtime (see open-classifier.ts).
import { DEFAULT_VARIANT_NAME, DTYPES, type Dtype } from '@swsl/registry/names';
import { NODE_DEVICES, type NodeDevice } from '@swsl/runtime-node/device-names';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { StoreFlags } from './model-store.js';

/** The options every command that runs a model shares (classify, eval, embed, bench, queue, worker). */
export interface ModelFlags extends StoreFlags {
  readonly model: string;
  readonly weights?: string;
  readonly device: NodeDevice;
  readonly dtype: Dtype;
  readonly batch: number;
  readonly threads?: number;
  /** Threads that decode and preprocess (default `defaultDecodeWorkers`: 1 on CPU, cores − 1 on a GPU); 0: main thread. */
  readonly decodeWorkers?: number;
}

export const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

export const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
};

/** `--dtype`, one list of choices for every command. */
export const dtypeOption = () =>
  new Option(
    '--dtype <dtype>',
    'ONNX weights and compute: fp32, fp16 (GPU), int8 (quantized, fastest on CPU), w8 (8-bit weights, fp32 compute)',
  )
    .choices(DTYPES)
    .default('fp32');

/** Adds `--model`, `--weights`, `--device`, `--dtype`, `--batch`, `--threads`, `--decode-workers` to `command`. */
export function addModelOptions(command: Command): Command {
  return command
    .option('-m, --model <variant>', 'variant to use', DEFAULT_VARIANT_NAME)
    .option(
      '-w, --weights <file>',
      'local weights instead of a download: a .pth/.safetensors checkpoint or a swsl .onnx',
    )
    .addOption(
      new Option(
        '--device <device>',
        'where to run: auto (CUDA if installed and loading, else a hardware WebGPU adapter, else CPU), cpu, cuda, webgpu (any adapter, software ones too)',
      )
        .choices(NODE_DEVICES)
        .default('auto'),
    )
    .addOption(dtypeOption())
    .option('-b, --batch <n>', 'images per inference batch', positiveInt, 8)
    .option('--threads <n>', 'CPU threads for inference (default: all cores)', positiveInt)
    .option(
      '--decode-workers <n>',
      'threads that decode and preprocess while the model runs (default: 1 when inference is on the CPU, all cores but one on a GPU; 0: in the main thread)',
      nonNegativeInt,
    );
}

/** Whether `--model` was given on the command line (then `--weights` is checked against its architecture). */
export const modelGiven = (command: Command) => command.getOptionValueSource('model') === 'cli';
