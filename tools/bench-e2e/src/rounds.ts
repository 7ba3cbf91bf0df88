// The interleaved rounds: round 1 runs every path once, round 2 every path again, … so a disturbance on the shared
// machine lands on one round of every path rather than on every round of one path. Each round also measures the
// pipelines' ceiling (preprocessing cost p, session-only rate r).
import { inferenceRate, type PreprocessCost, preprocessCost } from './ceiling.js';
import type { Models } from './models.js';
import { PATHS } from './paths.js';
import type { Settings } from './settings.js';
import { swslCli } from './swsl-cli.js';
import { swslStream } from './swsl-stream.js';
import type { Timed } from './timed.js';
import { type FxInt8, torchFxInt8, torchSeed } from './torch-paths.js';
import { transformersJs } from './transformers-js.js';

export interface Measured {
  /** Per path id, one pass per round. */
  readonly passes: ReadonlyMap<string, Timed[]>;
  readonly preprocess: PreprocessCost[];
  readonly inference: { fp32: number[]; int8: number[] };
  /** The last round's FX run (engine, fallback note, quantization time). */
  readonly fx?: Omit<FxInt8, 'perImage' | 'batched'>;
  readonly transformersJsVersion?: string;
}

export async function measureRounds(
  settings: Settings,
  models: Models,
  images: readonly string[],
  folder: string,
  decodeWorkers: number,
): Promise<Measured> {
  const { threads, batch } = settings;
  const passes = new Map<string, Timed[]>(PATHS.map((p) => [p.id, []]));
  const preprocess: PreprocessCost[] = [];
  const inference = { fp32: [] as number[], int8: [] as number[] };
  let fx: Measured['fx'];
  let transformersJsVersion: string | undefined;
  const record = (round: number, id: string, timed: Timed) => {
    passes.get(id)?.push(timed);
    const name = PATHS.find((p) => p.id === id)?.name ?? id;
    console.error(`round ${round}: ${name}: ${(images.length / timed.seconds).toFixed(2)} images/s`);
  };
  for (let round = 1; round <= settings.rounds; round++) {
    record(round, 'torch-seed', torchSeed(models.checkpoint, images, threads, batch));
    const { perImage, batched, ...info } = torchFxInt8(models.checkpoint, images, threads, batch);
    fx = info;
    record(round, 'torch-fx-int8', perImage);
    record(round, 'torch-fx-int8-b8', batched);
    const tjs = transformersJs(models.transformersJs, images, { threads, batch });
    transformersJsVersion = tjs.version;
    record(round, 'transformers-js', tjs);
    const stream = { threads, batch, decodeWorkers };
    record(round, 'swsl-fp32-stream', await swslStream(models.fp32, images, stream));
    record(round, 'swsl-int8-stream', await swslStream(models.int8, images, stream));
    record(round, 'swsl-fp32-cli', { seconds: swslCli(folder, models.fp32, threads, batch) });
    record(round, 'swsl-int8-cli', { seconds: swslCli(folder, models.int8, threads, batch) });
    const p = await preprocessCost(images);
    preprocess.push(p);
    inference.fp32.push(await inferenceRate(models.fp32, images, { threads, batch }));
    inference.int8.push(await inferenceRate(models.int8, images, { threads, batch }));
    console.error(
      `round ${round}: ceiling inputs: p ${(1000 * p.seconds).toFixed(2)} ms/image (CPU ${(1000 * p.cpuSeconds).toFixed(2)}), r fp32 ${inference.fp32.at(-1)?.toFixed(2)}, r int8 ${inference.int8.at(-1)?.toFixed(2)} images/s`,
    );
  }
  return {
    passes,
    preprocess,
    inference,
    ...(fx ? { fx } : {}),
    ...(transformersJsVersion ? { transformersJsVersion } : {}),
  };
}
