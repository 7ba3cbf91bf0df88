// pnpm bench:convert — `.pth` on disk → `.onnx` on disk for resnext101_32x16d (776 MB, legacy format), ours vs
// PyTorch's torch.load + load_state_dict + torch.onnx.export of the same file, in the same run.
// Options (env): SWSL_BENCH_ARCH (default resnext101_32x16d), SWSL_BENCH_RUNS (ours, default 3),
// SWSL_BENCH_DIR (checkpoint cache, default .cache/bench). Torch runs on 2 threads.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracleStatus, runOracle } from '@swsl/reference';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const arch = process.env.SWSL_BENCH_ARCH ?? 'resnext101_32x16d';
const runs = Number(process.env.SWSL_BENCH_RUNS ?? 3);
const dir = resolve(process.env.SWSL_BENCH_DIR ?? join(root, '.cache/bench'));
mkdirSync(dir, { recursive: true });

const status = oracleStatus();
if (!status.available) {
  console.error(`bench:convert needs the PyTorch oracle: ${status.reason}`);
  process.exit(1);
}

const checkpoint = join(dir, `${arch}.legacy.pth`);
if (!existsSync(checkpoint)) {
  console.error(`generating ${checkpoint} with the oracle (once)…`);
  runOracle(['checkpoint', '--arch', arch, '--format', 'legacy', '--seed', '1', '--out', checkpoint]);
}
const checkpointBytes = statSync(checkpoint).size;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

type Run = { seconds: number; peakRssBytes: number };
const ours: Run[] = [];
const torch: (Run & Record<string, number>)[] = [];
const oursOut = join(dir, `${arch}.swsl.onnx`);
const torchOut = join(dir, `${arch}.torch.onnx`);
// Interleave the two so machine noise hits both alike.
for (let i = 0; i < runs; i++) {
  const line = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'convert-once.ts'), checkpoint, oursOut], {
    cwd: root,
    encoding: 'utf8',
  });
  ours.push(JSON.parse(line.trim().split('\n').at(-1) as string));
  console.error(`ours  run ${i + 1}: ${ours.at(-1)?.seconds.toFixed(2)} s`);
  if (i === 0) {
    const t = runOracle<Record<string, number>>([
      'export-onnx',
      '--checkpoint',
      checkpoint,
      '--arch',
      arch,
      '--out',
      torchOut,
    ]);
    torch.push({ ...t, seconds: t.total_s as number, peakRssBytes: t.peak_rss_bytes as number });
    console.error(`torch run ${i + 1}: ${t.total_s?.toFixed(2)} s`);
  }
}
const oursS = median(ours.map((r) => r.seconds));
const oursRss = Math.max(...ours.map((r) => r.peakRssBytes));
const t = torch[0]!;
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const result = {
  arch,
  checkpointBytes,
  ours: {
    medianSeconds: oursS,
    runs: ours.map((r) => r.seconds),
    peakRssBytes: oursRss,
    onnxBytes: statSync(oursOut).size,
  },
  torch: {
    seconds: t.seconds,
    loadSeconds: t.load_s,
    loadStateDictSeconds: t.build_and_load_state_dict_s,
    exportSeconds: t.onnx_export_s,
    peakRssBytes: t.peakRssBytes,
    onnxBytes: statSync(torchOut).size,
  },
  speedup: t.seconds / oursS,
  peakRssOverCheckpoint: oursRss / checkpointBytes,
};
writeFileSync(join(dir, `convert-${arch}.json`), `${JSON.stringify(result, null, 2)}\n`);
rmSync(oursOut, { force: true });
rmSync(torchOut, { force: true });

console.log(
  `\n${arch}: ${mb(checkpointBytes)} legacy .pth → .onnx (ours: median of ${runs}; torch: 1 run, 2 threads)\n`,
);
console.log('| | seconds | peak RSS | RSS / checkpoint |');
console.log('|---|---|---|---|');
console.log(`| swsl convertFile | ${oursS.toFixed(2)} | ${mb(oursRss)} | ${(oursRss / checkpointBytes).toFixed(2)} |`);
console.log(
  `| torch.load + load_state_dict + torch.onnx.export | ${t.seconds.toFixed(2)} (${t.load_s?.toFixed(1)} + ${t.build_and_load_state_dict_s?.toFixed(1)} + ${t.onnx_export_s?.toFixed(1)}) | ${mb(t.peakRssBytes)} | ${(t.peakRssBytes / checkpointBytes).toFixed(2)} |`,
);
console.log(
  `\nspeed-up: ${result.speedup.toFixed(1)}× (target ≥ 5×); peak RSS ${(result.peakRssOverCheckpoint).toFixed(2)}× the checkpoint (target ≤ 1.5×)`,
);
