import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The benchmarks page's languages: English at the site root, Korean under /ko/. */
export type BenchLang = 'en' | 'ko';

/** One table of the benchmarks page, from one JSON file a benchmark script writes. */
export interface BenchReport {
  readonly id: string;
  readonly title: string;
  /** The command that writes the JSON (shown when there is none). */
  readonly produce: string;
  /** Replaces the "no results" line, for a benchmark that prints its table instead of writing JSON. */
  readonly missingNote?: string;
  /** Where the numbers came from: the latest local run, or the committed snapshot. */
  readonly origin: 'run' | 'snapshot' | 'missing';
  readonly file: string;
  /** When and where a snapshot was measured. */
  readonly snapshot?: { measuredAt: string; machine: string };
  readonly rows: readonly (readonly [string, string])[];
  readonly summary?: string;
}

interface BenchSource {
  readonly id: string;
  readonly title: Record<BenchLang, string>;
  readonly file: string;
  readonly produce: string;
  readonly missingNote?: Record<BenchLang, string>;
  readonly rows: (json: Record<string, unknown>, lang: BenchLang) => { rows: [string, string][]; summary?: string };
}

const seconds = (s: unknown) => `${Number(s).toFixed(2)} s`;
const mb = (b: unknown) => `${Math.round(Number(b) / 1e6)} MB`;

function convertRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const ours = json.ours as Record<string, number>;
  const torch = json.torch as Record<string, number>;
  const rows: [string, string][] = [
    [ko ? '아키텍처' : 'architecture', String(json.arch)],
    [ko ? '체크포인트' : 'checkpoint', mb(json.checkpointBytes)],
    [
      ko ? 'swsl convertFile (중앙값)' : 'swsl convertFile (median)',
      `${seconds(ours.medianSeconds)}, ${ko ? '최대 RSS' : 'peak RSS'} ${mb(ours.peakRssBytes)}`,
    ],
    [
      'torch.load + load_state_dict + torch.onnx.export',
      `${seconds(torch.seconds)} (${seconds(torch.loadSeconds)} + ${seconds(torch.loadStateDictSeconds)} + ${seconds(torch.exportSeconds)}), ${ko ? '최대 RSS' : 'peak RSS'} ${mb(torch.peakRssBytes)}`,
    ],
  ];
  const speedup = Number(json.speedup).toFixed(1);
  const rss = Number(json.peakRssOverCheckpoint).toFixed(2);
  const summary = ko
    ? `PyTorch보다 ${speedup}배 빠르고, 최대 RSS는 체크포인트 크기의 ${rss}배입니다.`
    : `${speedup}× faster than PyTorch; peak RSS ${rss}× the checkpoint.`;
  return { rows, summary };
}

interface WebResult {
  runtime: string;
  threads: number;
  msPerImage: number;
  'ratio vs node, same threads': number;
}

function webRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const results = json.results as WebResult[];
  const machine = json.machine as { cpus: number; cpuModel: string };
  const versions = json.versions as Record<string, string>;
  const threads = (n: number) => (ko ? `스레드 ${n}개` : `${n} thread${n === 1 ? '' : 's'}`);
  const rows: [string, string][] = [
    [ko ? '모델' : 'model', String(json.model)],
    [ko ? '측정 항목' : 'measure', `${json.measure} (${(json.images as string[]).join(', ')})`],
    ...results.map((r): [string, string] => {
      const ms = r.msPerImage.toFixed(1);
      const ratio = r['ratio vs node, same threads'].toFixed(2);
      return [
        `${r.runtime}, ${threads(r.threads)}`,
        ko
          ? `이미지당 ${ms} ms (같은 스레드 수의 node 대비 ${ratio}배)`
          : `${ms} ms/image (${ratio}× node, same threads)`,
      ];
    }),
    [
      ko ? '머신' : 'machine',
      `${machine.cpus} × ${machine.cpuModel}; ${Object.entries(versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    ],
    [ko ? '런타임 간 top-5 일치' : 'top-5 identical across runtimes', String(json.top5IdenticalAcrossRuns)],
  ];
  const wasm2 = results.find((r) => r.runtime.includes('web') && r.threads === 2);
  let summary: string | undefined;
  if (wasm2) {
    const ms = wasm2.msPerImage.toFixed(0);
    const ratio = wasm2['ratio vs node, same threads'].toFixed(1);
    summary = ko
      ? `스레드 2개 WASM(교차 출처 격리): 이미지당 ${ms} ms, 같은 모델에서 onnxruntime-node CPU 시간의 ${ratio}배.`
      : `WASM with 2 threads (cross-origin isolated): ${ms} ms/image, ${ratio}× onnxruntime-node's CPU time on the same model.`;
  }
  return { rows, ...(summary ? { summary } : {}) };
}

function classifyRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const rows: [string, string][] = [
    [ko ? '이미지 수' : 'images', String(json.images)],
    [
      ko ? 'PyTorch와의 top-5 일치율' : 'top-5 agreement with PyTorch',
      `${(100 * Number(json.top5Agreement)).toFixed(1)}%`,
    ],
    ['swsl classify', seconds(json.swslSeconds)],
    [ko ? 'PyTorch (원본 코드)' : 'PyTorch (seed code)', seconds(json.torchSeconds)],
  ];
  const int8 = json.int8 as Record<string, number> | undefined;
  if (int8) {
    const agree = `top-1 ${(100 * Number(int8.top1AgreementWithTorch)).toFixed(0)}%, top-5 ${(100 * Number(int8.top5OverlapWithTorch)).toFixed(0)}%`;
    rows.push([
      'swsl classify, int8',
      ko
        ? `${seconds(int8.seconds)} (PyTorch fp32와 ${agree} 일치; 한 번의 swsl convert --dtype int8 ${seconds(int8.convertSeconds)} 별도)`
        : `${seconds(int8.seconds)} (${agree} agreement with PyTorch's fp32; its one-time swsl convert --dtype int8 took ${seconds(int8.convertSeconds)})`,
    ]);
  }
  const speedup = Number(json.speedup).toFixed(2);
  const int8Speedup = int8 ? Number(int8.speedup).toFixed(2) : undefined;
  const summary = ko
    ? `처음부터 끝까지 PyTorch 원본 속도의 ${speedup}배${int8Speedup ? `, int8은 ${int8Speedup}배` : ''}입니다.`
    : `${speedup}× the speed of the PyTorch original, end to end${int8Speedup ? `; int8 ${int8Speedup}×` : ''}.`;
  return { rows, summary };
}

interface QuantAgreement {
  cosineMean: number;
  cosineMin: number;
  top1Agreement: number;
  top5Overlap: number;
}
type Speed = Record<string, { imagesPerSecond: number; ratioVsFp32: number }>;
interface QuantResult {
  arch: string;
  bytes: Record<string, number>;
  agreement: Record<string, QuantAgreement>;
  node: { batch1: Speed; batch8: Speed };
}

function quantRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const results = json.results as QuantResult[];
  const wasm = (json.wasm ?? []) as ({ arch: string; threads: number } & Speed)[];
  const methods = (json.methodStudy ?? []) as ({ arch: string; method: string } & QuantAgreement)[];
  const machine = json.machine as { cpus: number; cpuModel: string };
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const x = (r: number) => `${r.toFixed(2)}×`;
  const rows: [string, string][] = [[ko ? '측정' : 'measure', String(json.measure)]];
  for (const r of results) {
    for (const dtype of ['w8', 'int8']) {
      const a = r.agreement[dtype];
      if (!a) continue;
      const size = `${mb(r.bytes[dtype])} (${((r.bytes[dtype] as number) / (r.bytes.fp32 as number)).toFixed(3)}× fp32)`;
      const agree = ko
        ? `코사인 평균 ${a.cosineMean.toFixed(5)} (최소 ${a.cosineMin.toFixed(5)}), top-1 일치 ${pct(a.top1Agreement)}, top-5 겹침 ${pct(a.top5Overlap)}`
        : `cosine mean ${a.cosineMean.toFixed(5)} (min ${a.cosineMin.toFixed(5)}), top-1 agreement ${pct(a.top1Agreement)}, top-5 overlap ${pct(a.top5Overlap)}`;
      const node = `node ${ko ? '배치' : 'batch'} 1: ${x(r.node.batch1[dtype]?.ratioVsFp32 as number)}, 8: ${x(r.node.batch8[dtype]?.ratioVsFp32 as number)}`;
      const web = wasm
        .filter((w) => w.arch === r.arch)
        .map((w) => `WASM ${w.threads}t: ${x(w[dtype]?.ratioVsFp32 as number)}`)
        .join(', ');
      rows.push([
        `${r.arch}, ${dtype}`,
        `${size}; ${agree}; ${ko ? 'fp32 대비 속도' : 'speed vs fp32'}: ${node}${web ? `, ${web}` : ''}`,
      ]);
    }
  }
  for (const m of methods) {
    rows.push([
      `${m.arch}, int8, ${m.method}`,
      ko
        ? `코사인 평균 ${m.cosineMean.toFixed(5)} (최소 ${m.cosineMin.toFixed(5)}), top-1 일치 ${pct(m.top1Agreement)}`
        : `cosine mean ${m.cosineMean.toFixed(5)} (min ${m.cosineMin.toFixed(5)}), top-1 agreement ${pct(m.top1Agreement)}`,
    ]);
  }
  rows.push([ko ? '머신' : 'machine', `${machine.cpus} × ${machine.cpuModel}`]);
  const r50 = results.find((r) => r.arch === 'resnet50');
  let summary: string | undefined;
  if (r50) {
    const b8 = r50.node.batch8.int8?.ratioVsFp32 as number;
    const w8 = r50.agreement.w8?.cosineMean as number;
    summary = ko
      ? `resnet50 int8: 같은 실행의 fp32보다 ${x(b8)} 빠름(배치 8, 스레드 2개); w8: 파일 4분의 1, 코사인 ${w8.toFixed(5)}.`
      : `resnet50 int8: ${x(b8)} fp32's images/s in the same run (batch 8, 2 threads); w8: a quarter of the file, cosine ${w8.toFixed(5)}.`;
  }
  return { rows, ...(summary ? { summary } : {}) };
}

interface PipelineResult {
  id: string;
  imagesPerSecond: number;
  ratioVsSequential: number;
  sessionWaitedForDecodeSeconds?: number;
}

/** A path of `pnpm bench:pipeline` by its id, in the page's language. */
function pipelinePath(id: string, lang: BenchLang): string {
  const ko = lang === 'ko';
  const workers = /^pipelined-(\d+)$/.exec(id)?.[1];
  if (workers !== undefined) {
    return ko
      ? `swsl 파이프라인, 디코드 워커 ${workers}개`
      : `swsl pipelined, ${workers} decode worker${workers === '1' ? '' : 's'}`;
  }
  const names: Record<string, [string, string]> = {
    sequential: ['swsl sequential (classify before the pipeline)', 'swsl 순차 처리 (파이프라인 이전의 classify)'],
    'torch-seed': [
      "PyTorch, the seed's loop (one image at a time)",
      'PyTorch, 원본 코드의 루프 (한 번에 이미지 한 장)',
    ],
    'torch-dataloader': [
      'PyTorch, DataLoader(num_workers=2), batches of 8',
      'PyTorch, DataLoader(num_workers=2), 배치 8',
    ],
  };
  return names[id]?.[ko ? 1 : 0] ?? id;
}

function pipelineRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const results = json.results as PipelineResult[];
  const machine = json.machine as { cpus: number; cpuModel: string };
  const rows: [string, string][] = [
    [
      ko ? '측정' : 'measure',
      ko
        ? `이미지 ${json.images}장 (서로 다른 ${json.distinctImages}장 반복), 배치 ${json.batch}, 스레드 ${json.threads}개, ${json.rounds}회 중 최고`
        : `${json.images} images (${json.distinctImages} distinct, repeated), batch ${json.batch}, ${json.threads} threads, best of ${json.rounds} rounds`,
    ],
    ...results.map((r): [string, string] => {
      const ips = r.imagesPerSecond.toFixed(2);
      const ratio = r.ratioVsSequential.toFixed(2);
      return [
        pipelinePath(r.id, lang),
        ko ? `초당 ${ips}장 (순차 처리의 ${ratio}배)` : `${ips} images/s (${ratio}× sequential)`,
      ];
    }),
    [ko ? '머신' : 'machine', `${machine.cpus} × ${machine.cpuModel}`],
  ];
  const by = (id: string) => results.find((r) => r.id === id);
  const fastest = results
    .filter((r) => r.id.startsWith('pipelined-'))
    .reduce<PipelineResult | undefined>((a, b) => (a && a.imagesPerSecond >= b.imagesPerSecond ? a : b), undefined);
  const seed = by('torch-seed');
  const loader = by('torch-dataloader');
  let summary: string | undefined;
  if (fastest && seed && loader) {
    const name = pipelinePath(fastest.id, lang);
    const x = (a: number, b: number) => (a / b).toFixed(1);
    summary = ko
      ? `${name}: 순차 처리의 ${fastest.ratioVsSequential.toFixed(2)}배, PyTorch 원본 루프의 ${x(fastest.imagesPerSecond, seed.imagesPerSecond)}배, DataLoader의 ${x(fastest.imagesPerSecond, loader.imagesPerSecond)}배.`
      : `${name}: ${fastest.ratioVsSequential.toFixed(2)}× our sequential path, ${x(fastest.imagesPerSecond, seed.imagesPerSecond)}× the seed's PyTorch loop, ${x(fastest.imagesPerSecond, loader.imagesPerSecond)}× PyTorch with a DataLoader.`;
  }
  return { rows, ...(summary ? { summary } : {}) };
}

/** Any JSON the page has no dedicated layout for: every leaf as `path → value`, so nothing is hidden. */
export function flattenRows(json: unknown, prefix = ''): [string, string][] {
  if (json === null || typeof json !== 'object') return [[prefix || 'value', formatLeaf(json)]];
  if (Array.isArray(json) && json.every((v) => typeof v !== 'object' || v === null)) {
    return [[prefix, json.map(formatLeaf).join(', ')]];
  }
  return Object.entries(json).flatMap(([key, value]) => flattenRows(value, prefix ? `${prefix}.${key}` : key));
}

function formatLeaf(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(4)));
  return String(value);
}

export const BENCH_SOURCES: readonly BenchSource[] = [
  {
    id: 'convert',
    title: {
      en: 'Converting resnext101_32x16d: .pth → .onnx, swsl vs PyTorch',
      ko: 'resnext101_32x16d 변환: .pth → .onnx, swsl 대 PyTorch',
    },
    file: 'convert-resnext101_32x16d.json',
    produce: 'pnpm bench:convert   # needs the PyTorch oracle (see tools/reference/README.md)',
    rows: convertRows,
  },
  {
    id: 'web',
    title: {
      en: 'Inference in the browser: WASM (1 and 2 threads, cross-origin isolated) vs onnxruntime-node CPU',
      ko: '브라우저에서 추론: WASM(스레드 1개와 2개, 교차 출처 격리) 대 onnxruntime-node CPU',
    },
    file: 'web.json',
    produce: 'pnpm bench:web   # needs Chromium and the oracle; see packages/runtime-web/README.md',
    rows: webRows,
  },
  {
    id: 'classify',
    title: {
      en: 'swsl classify vs the PyTorch original: resnet50, 32 ImageNet test images, end to end',
      ko: 'swsl classify 대 PyTorch 원본: resnet50, ImageNet 테스트 이미지 32장, 처음부터 끝까지',
    },
    file: 'classify-resnet50.json',
    produce: 'pnpm bench:classify   # needs the oracle; see packages/cli/README.md',
    rows: classifyRows,
  },
  {
    id: 'quant',
    title: {
      en: 'int8 and w8 vs fp32, six architectures: size, agreement, speed on runtime-node and WASM',
      ko: 'int8과 w8 대 fp32, 아키텍처 여섯 개: 크기, 일치도, runtime-node와 WASM에서의 속도',
    },
    file: 'quant.json',
    produce: 'pnpm bench:quant   # needs the oracle and Chromium; see apps/docs/guide/dtypes.md',
    rows: quantRows,
  },
  {
    id: 'pipeline',
    title: {
      en: 'Throughput on 2 threads: the pipelined path vs the sequential one vs PyTorch (seed loop, DataLoader), resnet50',
      ko: '스레드 2개 처리량: 파이프라인 대 순차 처리 대 PyTorch(원본 루프, DataLoader), resnet50',
    },
    file: 'pipeline-resnet50.json',
    produce: 'pnpm bench:pipeline   # needs the oracle; see packages/runtime-node/README.md',
    rows: pipelineRows,
  },
  {
    id: 'preprocess',
    title: {
      en: 'Preprocessing: bytes → normalized tensor, swsl vs Pillow + torchvision',
      ko: '전처리: 바이트 → 정규화된 텐서, swsl 대 Pillow + torchvision',
    },
    file: 'preprocess.json',
    produce: 'pnpm bench:preprocess',
    missingNote: {
      en:
        '`pnpm bench:preprocess` prints its table rather than writing JSON. Recorded runs (packages/preprocess/README.md, ' +
        '2-core VM): ours 3.3–3.8 ms/image in Node vs Pillow + torchvision 3.4–3.8 ms in the same runs; 7.2–8.7 ms in ' +
        'headless Chromium.',
      ko:
        '`pnpm bench:preprocess`는 JSON을 쓰지 않고 표를 출력합니다. 기록된 실행 결과(packages/preprocess/README.md, ' +
        '2코어 VM): 같은 실행에서 swsl은 Node에서 이미지당 3.3–3.8 ms, Pillow + torchvision은 3.4–3.8 ms; 헤드리스 ' +
        'Chromium에서 7.2–8.7 ms.',
    },
    rows: (json) => ({ rows: flattenRows(json) }),
  },
];

/**
 * Reads each benchmark's JSON: `<runDir>/<file>` (a local run) first, else `<snapshotDir>/<file>` (committed, with a
 * `snapshot` block naming date and machine), else a report that says how to produce it — never a failed build.
 * `lang` picks the words (titles, row names, summaries); the numbers are the same in every language.
 */
export function loadBenchReports(
  runDir: string,
  snapshotDir: string,
  sources = BENCH_SOURCES,
  lang: BenchLang = 'en',
): BenchReport[] {
  return sources.map((source) => {
    const base = {
      id: source.id,
      title: source.title[lang],
      produce: source.produce,
      file: source.file,
      ...(source.missingNote ? { missingNote: source.missingNote[lang] } : {}),
    };
    for (const [dir, origin] of [
      [runDir, 'run'],
      [snapshotDir, 'snapshot'],
    ] as const) {
      const path = join(dir, source.file);
      if (!existsSync(path)) continue;
      const { snapshot, ...json } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
        snapshot?: { measuredAt: string; machine: string };
      };
      const { rows, summary } = source.rows(json, lang);
      return { ...base, origin, rows, ...(summary ? { summary } : {}), ...(snapshot ? { snapshot } : {}) };
    }
    return { ...base, origin: 'missing', rows: [] };
  });
}
