import type { BenchLang } from './bench-reports.js';

/**
 * The free-text fields the benchmark tools write into their JSON (`model`, `measure`, the snapshot's `machine`) are
 * in the words of the people who ran them ("oracle-made", "development VM"). The page shows them in a visitor's
 * words and language: each phrase below, in order, by its English and Korean rendering. A phrase with no entry shows
 * as written, and the site test that looks for English sentences on the Korean pages finds it.
 */
const PHRASES: readonly (readonly [RegExp, string, string])[] = [
  [
    /oracle-made random weights, converted by @swsl\/convert, fp32/,
    'random weights made with PyTorch, converted by swsl, fp32',
    'PyTorch로 만든 무작위 가중치, swsl로 변환, fp32',
  ],
  [
    /oracle-made BN-calibrated checkpoint \(seed 1\), legacy \.pth/,
    'a checkpoint of random weights made with PyTorch (batch-norm statistics calibrated, seed 1), legacy .pth',
    'PyTorch로 만든 무작위 가중치 체크포인트(배치 정규화 통계 보정, 시드 1), 레거시 .pth',
  ],
  [
    /\(oracle-made, BN-calibrated, seed 1\)/,
    '(random weights made with PyTorch, batch-norm statistics calibrated, seed 1)',
    '(PyTorch로 만든 무작위 가중치, 배치 정규화 통계 보정, 시드 1)',
  ],
  [/: swsl convert fp32 and int8 ONNX/, ': fp32 and int8 ONNX made by swsl', ': swsl로 만든 fp32와 int8 ONNX'],
  [
    /ms per image, bytes in memory → top-5, one image per classify\(\) call, median of rounds/,
    'ms per image, from bytes in memory to the top-5, one image per classify() call, median of rounds',
    '이미지당 ms, 메모리의 바이트에서 top-5까지, classify() 호출마다 이미지 한 장, 라운드의 중앙값',
  ],
  [
    /agreement: logits of each dtype vs fp32 on the images; throughput: onnxruntime session\.run on preprocessed 224×224 tensors, images\/s, median of interleaved rounds/,
    'agreement: logits of each dtype vs fp32 on the photos; throughput: onnxruntime session.run on preprocessed 224×224 tensors, images/s, median of interleaved rounds',
    '일치도: 사진마다 각 dtype의 로짓 대 fp32; 처리량: 전처리된 224×224 텐서에 대한 onnxruntime session.run, 초당 이미지 수, 번갈아 잰 라운드의 중앙값',
  ],
  // The machine a snapshot was measured on.
  [/(\d+)-core /, '$1-core ', '$1코어 '],
  [/development VM/, 'development VM', '개발용 VM'],
  [
    /shared \(load average ([\d.]+) → ([\d.]+): other work ran during the run\)/,
    'shared (load average $1 → $2: other work ran during the run)',
    '공유 머신(부하 평균 $1 → $2: 측정 중 다른 작업이 실행됨)',
  ],
  [/shared \(quiet during the run\)/, 'shared (quiet during the run)', '공유 머신(측정 중에는 다른 작업 없음)'],
  [/shared \(noisy\)/, 'shared (noisy)', '공유 머신(측정값의 변동이 큼)'],
  [/, shared($|;)/, ', shared$1', ', 공유 머신$1'],
  [/Chromium (\d+) headless/, 'headless Chromium $1', '헤드리스 Chromium $1'],
];

/** A free-text field of a benchmark's JSON, in the visitor's words and the page's language. */
export function benchPhrase(text: string, lang: BenchLang): string {
  return PHRASES.reduce((out, [pattern, en, ko]) => out.replace(pattern, lang === 'ko' ? ko : en), text);
}
