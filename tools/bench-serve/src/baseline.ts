// What the server is held to: `swsl classify` over the same photos (the whole process, as a user runs it, and warm
// through the stream API, both from bench:e2e), and the top-1 `swsl classify` gives each photo.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { classifyArgs, cliEnv, swslCli } from '@swsl/bench-e2e/swsl-cli';
import { swslStream } from '@swsl/bench-e2e/swsl-stream';

export interface Top1 {
  readonly index: number;
  readonly name: string;
  /** Top-1 logit minus top-2's: how safe the top-1 is from a rounding difference (random-weight nets tie often). */
  readonly margin: number;
}

/** `swsl classify <photos> --json`: the top-1 of each photo, by file name. */
export function classifyTop1(files: readonly string[], onnx: string, threads: number, batch: number) {
  const out = execFileSync(process.execPath, classifyArgs(files, onnx, threads, batch), {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: cliEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rows = JSON.parse(out) as { file: string; predictions: { index: number; name: string; logit: number }[] }[];
  const top1 = new Map<string, Top1>();
  for (const row of rows) {
    const [first, second] = row.predictions;
    if (!first) throw new Error(`swsl classify gave no prediction for ${row.file}`);
    top1.set(basename(row.file), {
      index: first.index,
      name: first.name,
      margin: second ? first.logit - second.logit : Number.POSITIVE_INFINITY,
    });
  }
  return top1;
}

/** Images/s of the whole `swsl classify <folder> --json > /dev/null` process: start, load and exit included. */
export function classifyProcess(folder: string, images: number, onnx: string, threads: number, batch: number) {
  const seconds = swslCli(folder, onnx, threads, batch);
  return { seconds, imagesPerSecond: images / seconds };
}

/** Images/s of the same pipeline warm: `withPipeline(createClassifier(…)).stream(paths)`, load and warm-up excluded. */
export async function classifyStream(
  paths: readonly string[],
  onnx: string,
  options: { threads: number; batch: number; decodeWorkers: number },
) {
  const { seconds } = await swslStream(onnx, paths, options);
  return { seconds, imagesPerSecond: paths.length / seconds };
}
