// pnpm bench:e2e — one run, on one resnet50 checkpoint and the same real JPEGs, 2 threads, rounds interleaved:
//   - PyTorch: the seed's fp32 loop; FX int8 on oneDNN (per image, and batches of 8);
//   - transformers.js on the same weights (torch.onnx.export);
//   - swsl fp32 and int8 through the stream API (warm) and through the CLI (whole process);
//   - each swsl pipeline against its ceiling, cores / (p + threads / r), measured in the same rounds;
//   - single-image latency, whole process.
// SWSL_BENCH_IMAGES (default ../shared/images/imagenet-test), SWSL_BENCH_REPEAT (6), SWSL_BENCH_ROUNDS (3),
// SWSL_BENCH_LATENCY_RUNS (3). Writes .cache/bench/e2e.json (the docs' benchmarks page reads it); prints the tables.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { oracleStatus } from '@swsl/reference';
import { defaultDecodeWorkers } from '@swsl/runtime-node';
import { imageFolder, listImages, repeatList } from './images.js';
import { singleImageLatency } from './latency.js';
import { loadAverage, machineInfo, versions } from './machine.js';
import { prepareModels } from './models.js';
import { buildReport, formatReport } from './report.js';
import { measureRounds } from './rounds.js';
import { RESULT_FILE, ROOT, readSettings } from './settings.js';

const status = oracleStatus();
if (!status.available) {
  console.error(`bench:e2e needs the PyTorch oracle: ${status.reason}`);
  process.exit(1);
}
const settings = readSettings();
const distinct = listImages(settings.imagesDir);
const images = repeatList(distinct, settings.repeat);
const machine = machineInfo();
const models = prepareModels();
// What `swsl classify` uses on the CPU, so the stream path and the CLI path run the same pipeline.
const decodeWorkers = defaultDecodeWorkers('cpu');

const folder = imageFolder(distinct, settings.repeat);
let measured: Awaited<ReturnType<typeof measureRounds>>;
try {
  measured = await measureRounds(settings, models, images, folder.dir, decodeWorkers);
} finally {
  folder.remove();
}
const latency = singleImageLatency(models, distinct[0] as string, {
  runs: settings.latencyRuns,
  threads: settings.threads,
  batch: settings.batch,
});

const report = buildReport({
  measured,
  latency,
  images: images.length,
  distinctImages: distinct.length,
  imagesFrom: relative(ROOT, settings.imagesDir),
  settings,
  decodeWorkers,
  machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadAverage() } },
  versions: versions(),
});
writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${formatReport(report)}\n\nwrote ${relative(ROOT, RESULT_FILE)}`);
