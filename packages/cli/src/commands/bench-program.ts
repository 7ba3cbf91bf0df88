// `swsl bench`'s options, declared without loading the benchmark (or a runtime): see bench.ts for the command.
import { availableParallelism } from 'node:os';
import { DEFAULT_VARIANT_NAME, DTYPES, type Dtype } from '@swsl/registry/names';
import { NODE_DEVICES, type NodeDevice } from '@swsl/runtime-node/device-names';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { modelGiven, nonNegativeInt, positiveInt } from '../model-options.js';
import type { StoreFlags } from '../model-store.js';
import type { Terminal } from '../terminal.js';

/** The grid: every flag but `--device`, `--weights` and the counts takes a comma list. */
export interface BenchFlags extends StoreFlags {
  readonly model: readonly string[];
  readonly weights?: string;
  readonly device: NodeDevice;
  readonly dtype: readonly Dtype[];
  readonly batch: readonly number[];
  readonly threads: readonly number[];
  readonly decodeWorkers?: readonly number[];
  /** Timed batches per cell (after the warm-up ones). */
  readonly batches: number;
  /** Untimed batches per cell: the model's first runs, the workers' start. */
  readonly warmup: number;
  readonly json?: boolean;
}

/** `a,b,c` → each parsed; for commander's option parsers. */
export const commaList =
  <T>(parse: (value: string) => T) =>
  (value: string): T[] =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map(parse);

export const dtypeValue = (value: string): Dtype => {
  if (!(DTYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`"${value}" is not one of ${DTYPES.join(', ')}`);
  }
  return value as Dtype;
};

/** Registers `swsl bench` (its flags take comma lists, so it does not use `addModelOptions`). */
export function addBenchCommand(
  program: Command,
  context: { readonly terminal: () => [Terminal, StoreFlags]; readonly setExit: (code: number) => void },
): void {
  program
    .command('bench')
    .description(
      'images/s and p50/p95 batch latency over a model × dtype × batch × threads grid (comma lists; warm-up excluded)',
    )
    .argument(
      '[images...]',
      'image files, directories or globs (default: the repository samples, else synthetic JPEGs)',
    )
    .option('-m, --model <variants>', 'variants, comma-separated', commaList(String), [DEFAULT_VARIANT_NAME])
    .option(
      '-w, --weights <file>',
      'local weights instead of a download: a .pth/.safetensors checkpoint or a swsl .onnx',
    )
    .addOption(
      new Option('--device <device>', 'where to run: auto, cpu, cuda, webgpu (as for classify)')
        .choices(NODE_DEVICES)
        .default('auto'),
    )
    .option('--dtype <dtypes>', `dtypes, comma-separated: ${DTYPES.join(', ')}`, commaList(dtypeValue), ['fp32'])
    .option('-b, --batch <sizes>', 'batch sizes, comma-separated', commaList(positiveInt), [8])
    .option(
      '--threads <counts>',
      'CPU threads for inference, comma-separated (default: all cores)',
      commaList(positiveInt),
      [availableParallelism()],
    )
    .option(
      '--decode-workers <counts>',
      'decode worker counts, comma-separated (default: the classify default)',
      commaList(nonNegativeInt),
    )
    .option('--batches <n>', 'timed batches per cell', positiveInt, 5)
    .option('--warmup <n>', 'untimed batches per cell before the timed ones', nonNegativeInt, 1)
    .option('--json', 'one JSON array of cells')
    .action(async (images: string[], flags: Omit<BenchFlags, keyof StoreFlags>, command: Command) => {
      const [t, store] = context.terminal();
      const { benchCommand } = await import('./bench.js');
      context.setExit(await benchCommand(t, images, { ...store, ...flags }, modelGiven(command)));
    });
}
