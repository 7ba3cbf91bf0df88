import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchPhrase } from './bench-phrases.js';

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
    [ko ? '모델' : 'model', benchPhrase(String(json.model), lang)],
    [
      ko ? '측정 항목' : 'measure',
      `${benchPhrase(String(json.measure), lang)} (${(json.images as string[]).join(', ')})`,
    ],
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
  const rows: [string, string][] = [[ko ? '측정' : 'measure', benchPhrase(String(json.measure), lang)]];
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
      "PyTorch, Facebook's original loop (one image at a time)",
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
      : `${name}: ${fastest.ratioVsSequential.toFixed(2)}× our sequential path, ${x(fastest.imagesPerSecond, seed.imagesPerSecond)}× Facebook's original PyTorch loop, ${x(fastest.imagesPerSecond, loader.imagesPerSecond)}× PyTorch with a DataLoader.`;
  }
  return { rows, ...(summary ? { summary } : {}) };
}

/** `pnpm bench:web-int8`: int8 made in the browser against runtime-node's int8 and WASM fp32. */
function webInt8Rows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  type Agreement = { identicalTop5: number; sameTop1: number; of: number };
  const agreement = (a: Agreement) =>
    ko
      ? `top-5 동일 ${a.identicalTop5}/${a.of}, top-1 동일 ${a.sameTop1}/${a.of}`
      : `identical top-5 ${a.identicalTop5}/${a.of}, same top-1 ${a.sameTop1}/${a.of}`;
  const ips = json.wasmImagesPerSecond as { fp32: number; int8: number };
  const inference = json.wasmInferenceOnlyImagesPerSecond as { fp32: number; int8: number };
  const load = json.loadSeconds as Record<string, number>;
  const longest = json.longestMainThreadTaskWhileConvertingMs as { fp32: number; int8: number };
  const int8VsFp32 = json.int8VsFp32InBrowser as { sameTop1: number; of: number };
  const machine = json.machine as { cpus: number; cpuModel: string };
  const versions = json.versions as Record<string, string>;
  const rows: [string, string][] = [
    [ko ? '모델' : 'model', benchPhrase(String(json.model), lang)],
    [
      ko ? '브라우저 int8 대 runtime-node int8' : "browser's int8 vs runtime-node's int8",
      agreement(json.browserInt8VsNodeInt8 as Agreement),
    ],
    [
      ko ? '…커널 차이만 (같은 파일, WASM 대 CPU)' : '…the kernels alone (same file, WASM vs CPU)',
      agreement(json.nodeFileWasmVsCpu as Agreement),
    ],
    [
      ko ? '…보정 차이만 (두 파일, 둘 다 WASM)' : '…the calibration alone (both files on WASM)',
      agreement(json.browserFileVsNodeFileOnWasm as Agreement),
    ],
    [
      ko ? 'WASM 추론만 (준비된 배치 8)' : 'WASM inference alone (a ready batch of 8)',
      `fp32 ${inference.fp32} / int8 ${inference.int8} ${ko ? '이미지/초' : 'images/s'} (${json.int8InferenceSpeedupOverFp32}×)`,
    ],
    [
      ko ? 'WASM 전체 (디코드 + 전처리 + 추론)' : 'WASM end to end (decode + preprocess + inference)',
      `fp32 ${ips.fp32} / int8 ${ips.int8} ${ko ? '이미지/초' : 'images/s'} (${json.int8SpeedupOverFp32}×)`,
    ],
    [
      ko ? '브라우저 int8 대 fp32, top-1 동일' : "browser's int8 vs fp32, same top-1",
      `${int8VsFp32.sameTop1}/${int8VsFp32.of}`,
    ],
    [
      ko ? '로드 (변환 + 보정 + 세션)' : 'load (convert + calibrate + session)',
      `fp32 ${seconds(load.fp32)}, int8 ${seconds(load.int8)} (${ko ? '보정 완료' : 'calibration done at'} ${seconds(load.int8CalibrationDoneAt)}); runtime-node int8 ${seconds(load.nodeInt8Conversion)}`,
    ],
    [
      ko ? '변환 중 가장 긴 메인 스레드 작업' : 'longest main-thread task while converting',
      `fp32 ${longest.fp32} ms, int8 ${longest.int8} ms`,
    ],
    [
      ko ? '머신' : 'machine',
      `${machine.cpus} × ${machine.cpuModel}; ${Object.entries(versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    ],
  ];
  return { rows };
}

interface BestMedian {
  best: number;
  median: number;
}
interface E2eResult {
  id: string;
  imagesPerSecond: BestMedian;
  top1AgreementWithSwslFp32: { agree: number; of: number } | null;
  overCeiling?: BestMedian;
}
interface E2eGoal {
  id: string;
  value: BestMedian;
  goal: number;
  met: boolean;
}
interface E2eLatency {
  id: string;
  medianSeconds: number;
  runsSeconds: number[];
}

/** A path, goal or single-image command of `pnpm bench:e2e` by its id, in the page's language. */
function e2eName(id: string, lang: BenchLang, engine: string): string {
  const names: Record<string, [string, string]> = {
    'torch-seed': [
      "PyTorch fp32, Facebook's original loop (one image at a time)",
      'PyTorch fp32, 원본 코드의 루프 (한 번에 한 장)',
    ],
    'torch-fx-int8': [
      `PyTorch FX int8 (${engine}), Facebook's original loop`,
      `PyTorch FX int8 (${engine}), 원본 코드의 루프`,
    ],
    'torch-fx-int8-b8': [`PyTorch FX int8 (${engine}), batches of 8`, `PyTorch FX int8 (${engine}), 배치 8`],
    'transformers-js': [
      'transformers.js fp32, image-classification pipeline, batches of 8',
      'transformers.js fp32, image-classification 파이프라인, 배치 8',
    ],
    'swsl-fp32-stream': ['swsl fp32, stream API (warm)', 'swsl fp32, 스트림 API (워밍업 후)'],
    'swsl-int8-stream': ['swsl int8, stream API (warm)', 'swsl int8, 스트림 API (워밍업 후)'],
    'swsl-fp32-cli': ['swsl fp32, the whole swsl classify process', 'swsl fp32, swsl classify 프로세스 전체'],
    'swsl-int8-cli': ['swsl int8, the whole swsl classify process', 'swsl int8, swsl classify 프로세스 전체'],
    'int8-stream-vs-fx-int8': [
      "goal: swsl int8 stream ÷ PyTorch FX int8's loop",
      '목표: swsl int8 스트림 ÷ PyTorch FX int8 루프',
    ],
    'fp32-stream-vs-transformers-js': [
      'goal: swsl fp32 stream ÷ transformers.js fp32',
      '목표: swsl fp32 스트림 ÷ transformers.js fp32',
    ],
    'fp32-cli-vs-stream': ['goal: swsl fp32 CLI process ÷ stream', '목표: swsl fp32 CLI 프로세스 ÷ 스트림'],
    'int8-cli-vs-stream': ['goal: swsl int8 CLI process ÷ stream', '목표: swsl int8 CLI 프로세스 ÷ 스트림'],
    'fp32-stream-vs-ceiling': ['goal: swsl fp32 stream ÷ its ceiling', '목표: swsl fp32 스트림 ÷ 상한'],
    'int8-stream-vs-ceiling': ['goal: swsl int8 stream ÷ its ceiling', '목표: swsl int8 스트림 ÷ 상한'],
    'swsl-int8-onnx': ['one image: swsl classify, int8 ONNX', '이미지 한 장: swsl classify, int8 ONNX'],
    'swsl-fp32-onnx': ['one image: swsl classify, fp32 ONNX', '이미지 한 장: swsl classify, fp32 ONNX'],
    'swsl-int8-checkpoint': [
      'one image: swsl classify, checkpoint --dtype int8 (conversion cached)',
      '이미지 한 장: swsl classify, 체크포인트 --dtype int8 (변환 캐시됨)',
    ],
    'swsl-help': ['swsl --help', 'swsl --help'],
    'torch-seed-one': ["one image: Facebook's original PyTorch script", '이미지 한 장: 원본 PyTorch 스크립트'],
    'transformers-js-one': ['one image: a transformers.js script', '이미지 한 장: transformers.js 스크립트'],
  };
  return names[id]?.[lang === 'ko' ? 1 : 0] ?? id;
}

function e2eRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const results = json.results as E2eResult[];
  const goals = json.goals as E2eGoal[];
  const latency = json.latency as E2eLatency[];
  const ceiling = json.ceiling as {
    preprocessSecondsPerImage: BestMedian;
    inferenceImagesPerSecond: Record<'fp32' | 'int8', BestMedian>;
  } & Record<'fp32' | 'int8', BestMedian>;
  const machine = json.machine as { cpus: number; cpuModel: string; flags: Record<string, string> };
  const versions = json.versions as Record<string, string>;
  const engine = (json.quantizedEngine as { engine: string } | null)?.engine ?? 'onednn';
  const f2 = (x: number) => x.toFixed(2);
  const x2 = (r: number) => (ko ? `${f2(r)}배` : `${f2(r)}×`);
  const rows: [string, string][] = [
    [
      ko ? '측정' : 'measure',
      ko
        ? `이미지 ${json.images}장 (서로 다른 ${json.distinctImages}장 반복), 배치 ${json.batch}, 스레드 ${json.threads}개, 디코드 워커 ${json.decodeWorkers}개, 교차 실행 ${json.rounds}회 (최고 / 중앙값)`
        : `${json.images} images (${json.distinctImages} distinct, repeated), batch ${json.batch}, ${json.threads} threads, ${json.decodeWorkers} decode worker(s), ${json.rounds} interleaved rounds (best / median)`,
    ],
    ...results.map((r): [string, string] => {
      const a = r.top1AgreementWithSwslFp32;
      const { best, median } = r.imagesPerSecond;
      const parts = ko
        ? [
            `최고 초당 ${f2(best)}장, 중앙값 ${f2(median)}장`,
            ...(a ? [`top-1이 swsl fp32와 같은 이미지 ${a.agree}/${a.of}`] : []),
            ...(r.overCeiling ? [`상한의 ${x2(r.overCeiling.median)} (중앙값)`] : []),
          ]
        : [
            `${f2(best)} images/s best, ${f2(median)} median`,
            ...(a ? [`top-1 = swsl fp32 for ${a.agree}/${a.of}`] : []),
            ...(r.overCeiling ? [`${x2(r.overCeiling.median)} its ceiling (median)`] : []),
          ];
      return [e2eName(r.id, lang, engine), parts.join('; ')];
    }),
    ...(['fp32', 'int8'] as const).map((dtype): [string, string] => {
      const p = f2(1000 * ceiling.preprocessSecondsPerImage.median);
      const r = f2(ceiling.inferenceImagesPerSecond[dtype].median);
      const c = f2(ceiling[dtype].median);
      return [
        ko ? `상한, ${dtype}` : `ceiling, ${dtype}`,
        ko
          ? `초당 ${c}장 = 2 / (p + 2 / r): p 이미지당 ${p} ms, r 초당 ${r}장 (중앙값)`
          : `${c} images/s = 2 / (p + 2 / r): p ${p} ms/image, r ${r} images/s (medians)`,
      ];
    }),
    ...goals.map((g): [string, string] => [
      e2eName(g.id, lang, engine),
      ko
        ? `최고 ${x2(g.value.best)}, 중앙값 ${x2(g.value.median)} (목표 ${g.goal}배 이상: ${g.met ? '달성' : '미달'})`
        : `${x2(g.value.best)} best, ${x2(g.value.median)} median (goal ≥ ${g.goal}: ${g.met ? 'met' : 'not met'})`,
    ]),
    ...latency.map((l): [string, string] => [
      e2eName(l.id, lang, engine),
      ko
        ? `${f2(l.medianSeconds)} s (프로세스 전체, ${l.runsSeconds.length}회 중앙값)`
        : `${f2(l.medianSeconds)} s (whole process, median of ${l.runsSeconds.length})`,
    ]),
    [
      ko ? '머신' : 'machine',
      `${machine.cpus} × ${machine.cpuModel}, avx512_vnni ${machine.flags.avx512_vnni}; ${Object.entries(versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    ],
  ];
  const by = (id: string) => goals.find((g) => g.id === id)?.value.median;
  const [int8Fx, fp32Tjs, fp32Cli, int8Cli] = [
    by('int8-stream-vs-fx-int8'),
    by('fp32-stream-vs-transformers-js'),
    by('fp32-cli-vs-stream'),
    by('int8-cli-vs-stream'),
  ];
  let summary: string | undefined;
  if (int8Fx !== undefined && fp32Tjs !== undefined && fp32Cli !== undefined && int8Cli !== undefined) {
    summary = ko
      ? `중앙값 기준: swsl int8 스트림은 PyTorch FX int8 루프의 ${x2(int8Fx)}, swsl fp32 스트림은 transformers.js의 ${x2(fp32Tjs)}; 프로세스 전체의 swsl classify는 스트림의 ${x2(fp32Cli)}(fp32), ${x2(int8Cli)}(int8).`
      : `Medians: swsl int8's stream ${x2(int8Fx)} PyTorch FX int8's loop, swsl fp32's ${x2(fp32Tjs)} transformers.js; the whole swsl classify process ${x2(fp32Cli)} (fp32) and ${x2(int8Cli)} (int8) the stream.`;
  }
  return { rows, ...(summary ? { summary } : {}) };
}

interface ServeLatency {
  p50: number;
  p95: number;
  p99: number;
}
interface ServeCell {
  dtype: string;
  config: string;
  concurrency: number;
  imagesPerSecond: number;
  latencyMs: ServeLatency | null;
  non2xx: number;
  errors: number;
  batchSizeMean: number | null;
  overClassifyProcess: number | null;
}
interface ServeConfig {
  id: string;
  batching: boolean;
  maxBatch: number;
  maxQueueDelayMs: number;
  decodeWorkers?: number;
}
interface ServeBaseline {
  dtype: string;
  images: number;
  classifyProcess: { runsImagesPerSecond: number[]; median: number };
  stream: { runsImagesPerSecond: number[]; median: number };
}
interface ServeGoal {
  id: string;
  /** null: not measured (a NaN in the run's JSON). */
  value: number | null;
  op: '>=' | '<=';
  goal: number;
  unit: 'x' | 'count' | 'bytes' | 'bool';
  met: boolean;
}
interface ServeOverload {
  dtype: string;
  maxQueue: number;
  sustainableImagesPerSecond: number;
  factor: number;
  offeredRate: number;
  connections: number;
  seconds: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  status503WithoutRetryAfter: number;
  goodputImagesPerSecond: number;
  samples: { statusCodes: Record<string, number>; status503WithoutRetryAfter: number };
  rss: { idleBytes: number; peakBytes: number };
  rssBoundBytes: number;
  /** The server's request durations, cumulative buckets (`le` null: +Inf). */
  serverRequestSeconds?: { le: number | null; count: number }[];
  latencyMs?: { max: number } | null;
  after: { expected: { index: number; name: string }; attempts: { status: number; top1: number | null }[] };
  allPhotosAfter: { agree: number; of: number };
}

/** A goal of `pnpm bench:serve` by its id, in the page's language. */
function serveGoalName(id: string, lang: BenchLang, top: number): string {
  const names: Record<string, [string, string]> = {
    'int8-batching': [
      `goal: int8, ${top} concurrent, batching on ÷ batch size 1`,
      `목표: int8, 동시 ${top}개, 배치 켬 ÷ 배치 크기 1`,
    ],
    'fp32-batching': [
      `goal: fp32, ${top} concurrent, batching on ÷ batch size 1`,
      `목표: fp32, 동시 ${top}개, 배치 켬 ÷ 배치 크기 1`,
    ],
    'int8-server-vs-classify': [
      `goal: int8, the best server at ${top} concurrent ÷ swsl classify`,
      `목표: int8, 동시 ${top}개에서 가장 빠른 서버 ÷ swsl classify`,
    ],
    'fp32-server-vs-classify': [
      `goal: fp32, the best server at ${top} concurrent ÷ swsl classify`,
      `목표: fp32, 동시 ${top}개에서 가장 빠른 서버 ÷ swsl classify`,
    ],
    'overload-only-503': [
      'goal: overload, answers other than 2xx and 503 (and connection errors)',
      '목표: 과부하, 2xx와 503 외의 응답(연결 오류 포함)',
    ],
    'overload-retry-after': ['goal: overload, 503s without Retry-After', '목표: 과부하, Retry-After 없는 503'],
    'overload-rss': ['goal: overload, peak RSS of the server', '목표: 과부하, 서버의 최대 RSS'],
    'overload-after': [
      "goal: right after the overload, 200 with swsl classify's top-1",
      '목표: 과부하 직후, swsl classify와 같은 top-1로 200',
    ],
  };
  return names[id]?.[lang === 'ko' ? 1 : 0] ?? id;
}

/** The overload's server-side request durations: the share answered within 0.5 s … 10 s, and the slowest 2xx. */
function serverDurations(overload: ServeOverload, ko: boolean): [string, string][] {
  const buckets = overload.serverRequestSeconds ?? [];
  const total = buckets.find((b) => b.le === null)?.count ?? 0;
  if (!total) return [];
  const shares = buckets
    .filter((b): b is { le: number; count: number } => b.le !== null && b.le >= 0.5 && b.le <= 10)
    .map((b) => {
      const pct = ((100 * b.count) / total).toFixed(1);
      return ko ? `${b.le}초 이하 ${pct}%` : `≤ ${b.le} s ${pct}%`;
    })
    .join(', ');
  const max = overload.latencyMs ? (overload.latencyMs.max / 1000).toFixed(1) : undefined;
  return [
    [
      ko ? '과부하: 서버가 잰 요청 시간' : "overload: the server's own request durations",
      ko
        ? `${shares} (전체 ${total}건)${max ? `; 가장 느린 2xx 응답 ${max}초` : ''}`
        : `${shares} (of ${total})${max ? `; the slowest 2xx answer ${max} s` : ''}`,
    ],
  ];
}

/** `pnpm bench:serve`: swsl serve under load, batching on and off, against swsl classify; then overloaded. */
function serveRows(json: Record<string, unknown>, lang: BenchLang) {
  const ko = lang === 'ko';
  const cells = json.cells as ServeCell[];
  const configs = json.configs as ServeConfig[];
  const baselines = json.baselines as ServeBaseline[];
  const goals = json.goals as ServeGoal[];
  const overload = json.overload as ServeOverload | null;
  const concurrencies = json.concurrencies as number[];
  const top = Math.max(...concurrencies);
  const machine = json.machine as { cpus: number; cpuModel: string };
  const versions = json.versions as Record<string, string>;
  const f1 = (x: number) => x.toFixed(1);
  const f2 = (x: number) => x.toFixed(2);
  const x2 = (r: number) => (ko ? `${f2(r)}배` : `${f2(r)}×`);
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  const codes = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  const configLabel = (c: ServeConfig) => {
    const workers = c.decodeWorkers === undefined ? '' : ` --decode-workers ${c.decodeWorkers}`;
    const flags = `--max-batch ${c.maxBatch} --max-queue-delay-ms ${c.maxQueueDelayMs}${workers}`;
    return ko ? `배치 ${c.batching ? '켬' : '끔'} (${flags})` : `batching ${c.batching ? 'on' : 'off'} (${flags})`;
  };
  const order = (c: ServeCell) =>
    [c.dtype === 'int8' ? 0 : 1, configs.findIndex((k) => k.id === c.config), c.concurrency] as const;
  const sorted = [...cells].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const rows: [string, string][] = [
    [
      ko ? '측정' : 'measure',
      ko
        ? `autocannon ${versions.autocannon}로 POST /v1/models/{name}/classify, 사진 ${json.distinctImages}장을 돌려 가며 요청당 한 장; 셀마다 ${json.cellSeconds}초 (워밍업 ${json.warmupSeconds}초 뒤); swsl serve --device cpu --threads ${json.threads}, 디코드 워커 ${json.decodeWorkers}개, --max-queue ${json.maxQueue}`
        : `autocannon ${versions.autocannon} on POST /v1/models/{name}/classify, the ${json.distinctImages} photos rotating, one per request; ${json.cellSeconds} s per cell (after ${json.warmupSeconds} s of warm-up); swsl serve --device cpu --threads ${json.threads}, ${json.decodeWorkers} decode worker(s), --max-queue ${json.maxQueue}`,
    ],
    ...sorted.map((c): [string, string] => {
      const config = configs.find((k) => k.id === c.config);
      const name = `${c.dtype}, ${config ? configLabel(config) : c.config}, ${ko ? `동시 ${c.concurrency}개` : `${c.concurrency} concurrent`}`;
      const l = c.latencyMs;
      const latency = l ? `p50 / p95 / p99 ${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)} ms` : 'p50 / p95 / p99 —';
      const batch = c.batchSizeMean === null ? '—' : f2(c.batchSizeMean);
      const over =
        c.overClassifyProcess === null
          ? ''
          : ko
            ? ` (swsl classify의 ${x2(c.overClassifyProcess)})`
            : ` (${x2(c.overClassifyProcess)} swsl classify)`;
      return [
        name,
        ko
          ? `초당 ${f1(c.imagesPerSecond)}장${over}; ${latency}; 평균 배치 ${batch}; 2xx 아닌 응답 ${c.non2xx + c.errors}`
          : `${f1(c.imagesPerSecond)} images/s${over}; ${latency}; mean batch ${batch}; non-2xx ${c.non2xx + c.errors}`,
      ];
    }),
    ...baselines.map((b): [string, string] => [
      ko ? `swsl classify ${b.dtype}, 프로세스 전체` : `swsl classify ${b.dtype}, the whole process`,
      ko
        ? `초당 ${f1(b.classifyProcess.median)}장 (${b.classifyProcess.runsImagesPerSecond.length}회 중앙값, 회당 ${b.images}장); 같은 파이프라인 워밍업 후 (스트림 API) ${f1(b.stream.median)}장`
        : `${f1(b.classifyProcess.median)} images/s (median of ${b.classifyProcess.runsImagesPerSecond.length} runs of ${b.images} images); the same pipeline warm (stream API) ${f1(b.stream.median)}`,
    ]),
  ];
  if (overload) {
    const sampled = overload.samples.statusCodes;
    const last = overload.after.attempts.at(-1);
    const right = last?.status === 200 && last.top1 === overload.after.expected.index;
    rows.push(
      [
        ko
          ? `과부하: ${overload.dtype}, 배치 켬, --max-queue ${overload.maxQueue}`
          : `overload: ${overload.dtype}, batching on, --max-queue ${overload.maxQueue}`,
        ko
          ? `초당 ${overload.offeredRate}건 (${overload.factor} × ${f1(overload.sustainableImagesPerSecond)})을 ${overload.seconds}초 동안, 연결 ${overload.connections}개: 응답 ${codes(overload.statusCodes)}; 연결 오류 ${overload.errors}; Retry-After 없는 503 ${overload.status503WithoutRetryAfter}; 2xx 초당 ${f1(overload.goodputImagesPerSecond)}장; 별도 표본 ${codes(sampled)}`
          : `${overload.offeredRate} requests/s (${overload.factor} × ${f1(overload.sustainableImagesPerSecond)}) for ${overload.seconds} s over ${overload.connections} connections: answers ${codes(overload.statusCodes)}; connection errors ${overload.errors}; 503 without Retry-After ${overload.status503WithoutRetryAfter}; 2xx ${f1(overload.goodputImagesPerSecond)} images/s; our own samples ${codes(sampled)}`,
      ],
      [
        ko ? '과부하: 서버 프로세스의 RSS' : "overload: the server process's RSS",
        ko
          ? `최대 ${mib(overload.rss.peakBytes)} (직전 유휴 ${mib(overload.rss.idleBytes)}; 한도 ${mib(overload.rssBoundBytes)})`
          : `peak ${mib(overload.rss.peakBytes)} (idle before ${mib(overload.rss.idleBytes)}; bound ${mib(overload.rssBoundBytes)})`,
      ],
      ...serverDurations(overload, ko),
      [
        ko ? '과부하 직후' : 'right after the overload',
        ko
          ? `${overload.after.attempts.map((a) => a.status).join(' → ')} (Retry-After를 따름); top-1이 swsl classify와 ${right ? '같음' : '다름'} (${overload.after.expected.name}); 이어서 사진마다 한 번: ${overload.allPhotosAfter.agree}/${overload.allPhotosAfter.of} 일치`
          : `${overload.after.attempts.map((a) => a.status).join(' → ')} (Retry-After honoured); top-1 ${right ? 'equal to' : 'not'} swsl classify's (${overload.after.expected.name}); then each photo once: ${overload.allPhotosAfter.agree}/${overload.allPhotosAfter.of} agree`,
      ],
    );
  }
  const ratios = json.ratios as Record<
    'batchingOnOverOff' | 'batchingOnOverOffDecodeWorkers0' | 'bestOverClassifyProcess',
    Record<string, number | null> | undefined
  >;
  const on = ratios.batchingOnOverOff ?? {};
  const onDw0 = ratios.batchingOnOverOffDecodeWorkers0;
  const best = ratios.bestOverClassifyProcess ?? {};
  const fmt = (r: number | null | undefined) => (r === undefined || r === null || !Number.isFinite(r) ? '—' : x2(r));
  const dw0Text = onDw0
    ? ko
      ? ` (--decode-workers 0이면 int8 ${fmt(onDw0.int8)}, fp32 ${fmt(onDw0.fp32)})`
      : ` (with --decode-workers 0: int8 ${fmt(onDw0.int8)}, fp32 ${fmt(onDw0.fp32)})`
    : '';
  rows.push([
    ko ? `배치 켬 ÷ 끔, 동시 ${top}개` : `batching on ÷ off, ${top} concurrent`,
    `int8 ${fmt(on.int8)}, fp32 ${fmt(on.fp32)}${dw0Text}`,
  ]);
  const target = (g: ServeGoal) => {
    const v =
      g.value === null ? '—' : g.unit === 'x' ? x2(g.value) : g.unit === 'bytes' ? mib(g.value) : String(g.value);
    const t =
      g.unit === 'x' ? (ko ? `${g.goal}배` : String(g.goal)) : g.unit === 'bytes' ? mib(g.goal) : String(g.goal);
    const met = ko ? (g.met ? '달성' : '미달') : g.met ? 'met' : 'not met';
    if (g.unit === 'bool') return ko ? (g.met ? '예 (달성)' : '아니요 (미달)') : g.met ? 'yes (met)' : 'no (not met)';
    if (ko) return `${v} (목표 ${t} ${g.op === '>=' ? '이상' : '이하'}: ${met})`;
    return `${v} (goal ${g.op === '>=' ? '≥' : '≤'} ${t}: ${met})`;
  };
  rows.push(...goals.map((g): [string, string] => [serveGoalName(g.id, lang, top), target(g)]), [
    ko ? '머신' : 'machine',
    `${machine.cpus} × ${machine.cpuModel}; ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ]);
  let overloadText = '';
  if (overload) {
    const clean = goals
      .filter((g) => g.id === 'overload-only-503' || g.id === 'overload-retry-after')
      .every((g) => g.met);
    overloadText = ko
      ? ` 과부하에서는 ${clean ? '503과 Retry-After만' : '503 외의 응답도'} 나왔고 최대 RSS ${mib(overload.rss.peakBytes)}.`
      : ` Overloaded: ${clean ? 'only 503 with Retry-After' : 'answers other than 503 too'}, peak RSS ${mib(overload.rss.peakBytes)}.`;
  }
  const summary = ko
    ? `동시 ${top}개에서 배치 켬 ÷ 배치 크기 1: int8 ${fmt(on.int8)}, fp32 ${fmt(on.fp32)}${dw0Text}; 가장 빠른 서버 ÷ swsl classify: int8 ${fmt(best.int8)}, fp32 ${fmt(best.fp32)}.${overloadText}`
    : `At ${top} concurrent, batching on ÷ batch size 1: int8 ${fmt(on.int8)}, fp32 ${fmt(on.fp32)}${dw0Text}; the best server ÷ swsl classify: int8 ${fmt(best.int8)}, fp32 ${fmt(best.fp32)}.${overloadText}`;
  return { rows, summary };
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
    id: 'web-int8',
    title: {
      en: 'int8 made in the browser (calibrated in the conversion worker) vs runtime-node int8 and WASM fp32',
      ko: '브라우저에서 만든 int8(변환 워커에서 보정) 대 runtime-node int8과 WASM fp32',
    },
    file: 'web-int8.json',
    produce: 'pnpm bench:web-int8   # needs Chromium and the oracle; see apps/docs/guide/dtypes.md',
    rows: webInt8Rows,
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
    id: 'e2e',
    title: {
      en: 'End to end on 2 threads, resnet50: swsl (stream API and CLI, fp32 and int8) vs PyTorch (seed loop, FX int8) vs transformers.js',
      ko: '스레드 2개에서 처음부터 끝까지, resnet50: swsl(스트림 API와 CLI, fp32와 int8) 대 PyTorch(원본 루프, FX int8) 대 transformers.js',
    },
    file: 'e2e.json',
    produce: 'pnpm bench:e2e   # needs the oracle; see tools/bench-e2e/README.md',
    rows: e2eRows,
  },
  {
    id: 'serve',
    title: {
      en: 'swsl serve under load, resnet50 on 2 threads: dynamic batching on and off, int8 and fp32, vs swsl classify; then overloaded',
      ko: '부하를 받는 swsl serve, 스레드 2개의 resnet50: 동적 배치 켬과 끔, int8과 fp32, swsl classify와 비교; 이어서 과부하',
    },
    file: 'serve.json',
    produce: 'pnpm bench:serve   # see tools/bench-serve/README.md',
    rows: serveRows,
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
        'pnpm bench:preprocess prints its table rather than writing JSON. Recorded runs (packages/preprocess/README.md, ' +
        '2-core VM): ours 3.3–3.8 ms/image in Node vs Pillow + torchvision 3.4–3.8 ms in the same runs; 7.2–8.7 ms in ' +
        'headless Chromium.',
      ko:
        'pnpm bench:preprocess는 JSON을 쓰지 않고 표를 출력합니다. 기록된 실행 결과(packages/preprocess/README.md, ' +
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
      const measuredOn = snapshot ? { snapshot: { ...snapshot, machine: benchPhrase(snapshot.machine, lang) } } : {};
      return { ...base, origin, rows, ...(summary ? { summary } : {}), ...measuredOn };
    }
    return { ...base, origin: 'missing', rows: [] };
  });
}
