/**
 * Every string the playground (and the getting-started snippet runner) shows, in English and Korean. Components never
 * hold text of their own: they read it from here through `messagesFor(lang)`, so a translation cannot miss a string
 * (the Korean catalog has the English one's type, and messages.test.ts checks that no entry was left in English).
 */

import { FAILURE_MESSAGES } from './failure-messages.js';

export type Lang = 'en' | 'ko';

/** VitePress's `useData().lang` (`'en-US'`, `'ko-KR'`, …) → the catalog to use. */
export function langOf(siteLang: string | undefined): Lang {
  return siteLang?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Megabytes with one decimal, the unit the hub and browsers show. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const en = {
  modelLegend: '1. Model',
  imageLegend: '2. Image',
  variantLabel: 'Model',
  variantOption: (name: string, size: string, state: string) => `${name} · ≈ ${size}${state ? ` · ${state}` : ''}`,
  stateCached: 'cached',
  stateDownloaded: 'downloaded, not converted',
  hubSize: (size: string) => `≈ ${size} download from the Hugging Face hub, once: it then stays in this browser.`,
  hubSizeCached: 'In this browser already: nothing to download.',
  hubEndpoint: (endpoint: string) => `Hub: ${endpoint}`,
  licenseBefore: 'Weights by Facebook AI,',
  licenseName: 'CC-BY-NC 4.0',
  licenseAfter: ': non-commercial use only. The code is MIT.',
  loadDownload: (size: string) => `Download ≈ ${size} and classify`,
  loadCached: 'Load and classify',
  loadOther: 'Load the model and classify',
  loaded: 'Model loaded',
  cancel: 'Cancel',
  cachedTotal: (size: string, count: number) =>
    `Cached in this browser: ${size} in ${count} file${count === 1 ? '' : 's'}.`,
  cachedNone: 'Nothing cached in this browser yet.',
  clearCache: 'Clear the model cache',
  cacheCleared: 'The model cache is empty.',
  moreOptions: 'More options: device, precision, other model sources',
  sourceLabel: 'Model source',
  sourceHub: 'Hugging Face hub (default)',
  sourceVariant: 'My own ONNX files (base URL)',
  sourceUrl: 'ONNX URL',
  sourceOnnx: 'A local .onnx file',
  sourceCheckpoint: 'A local .pth / .safetensors checkpoint',
  baseUrlLabel: 'Base URL',
  baseUrlHint: (url: string) =>
    `Fetches ${url}: .onnx files converted by swsl (see the Conversion guide), on this site or on a host that sends CORS (and CORP) headers.`,
  urlLabel: 'URL of an .onnx file converted by swsl',
  onnxFileLabel: '.onnx file',
  checkpointFileLabel: '.pth / .safetensors file',
  checkpointHint:
    'e.g. semi_weakly_supervised_resnet50-16a12f1b.pth from Facebook’s server. It is converted to ONNX here, in a Web Worker (nothing is uploaded), and cached for the next visit.',
  deviceLabel: 'Device',
  deviceAuto: 'Auto (WebGPU on a real GPU, else WASM)',
  deviceWebgpu: 'WebGPU',
  deviceWasm: 'WASM (CPU)',
  dtypeLabel: 'Precision',
  dtypeFp16: 'fp16 (WebGPU with shader-f16)',
  dtypeInt8: 'int8 (WASM, quantized here)',
  int8Hint:
    'int8 is made in this browser, in a worker: the weights are converted and calibrated on 11 built-in photos (about 20 s for resnet50, once; then it is cached).',
  int8Measured: (speedup: string, same: number, of: number, date: string) =>
    `Measured (${date}, resnet50, 2 WASM threads): inference ${speedup}× as fast as fp32; top-1 the same as fp32 for ${same} of ${of} photos.`,
  benchmarksLink: 'All benchmarks',
  chooseFile: 'Choose a file…',
  noFileChosen: 'no file chosen',

  examples: 'Examples',
  exampleNames: { chelsea: 'Cat', coffee: 'Coffee', rocket: 'Rocket' } as Record<string, string>,
  dropHint: 'Drop an image here or paste one (Ctrl+V / ⌘V), or:',
  chooseImage: 'Choose an image…',
  cameraStart: 'Use the camera',
  cameraStop: 'Stop the camera',
  cameraCapture: 'Capture',
  cameraNoApi: 'This browser offers no camera here (it needs HTTPS or localhost and camera support).',
  cameraNotFound: 'No camera was found on this device.',
  cameraDenied: 'Camera access was refused. Allow it in the browser’s site settings to use the camera.',
  cameraFailed: (detail: string) => `The camera could not start: ${detail}`,
  pasteNoImage: 'The clipboard holds no image.',
  topKLabel: 'Show the top',
  topKAfter: 'classes',

  status: {
    idle: 'The example photo is picked: press the button to classify it, or choose another image first.',
    runtime: 'Starting the runtime in a worker…',
    downloading: 'Downloading the weights…',
    download: (loaded: string, total: string | undefined) =>
      total ? `Downloading the weights: ${loaded} of ${total}` : `Downloading the weights: ${loaded}`,
    verify: 'Checking the file’s integrity (sha256)…',
    convert: 'Converting the weights to ONNX…',
    calibrate: (done: number, total: number) => `Calibrating int8 on the built-in photos: ${done} of ${total}…`,
    stored: 'Stored in this browser.',
    session: 'Preparing the model for the device…',
    ready: 'Model ready: choose an image.',
    preparing: 'Preparing the image…',
    classifying: 'Classifying…',
    done: (ms: string) => `Done (${ms}).`,
    cancelled: 'Download cancelled. Press the button again to resume where it stopped.',
    failed: 'Failed.',
  },
  busy: 'Working…',
  yourImage: 'Your image',
  modelSees: (size: number) => `What the model sees: Resize(256) → CenterCrop(${size}), Pillow-exact`,
  orientation: (value: number, what: string) =>
    `EXIF orientation ${value}: your browser displays this photo ${what}, as the tag asks. The model gets the pixels as stored (not turned or flipped), as Pillow and torchvision do.`,
  orientationKinds: {
    2: 'mirrored',
    3: 'rotated 180°',
    4: 'flipped upside down',
    5: 'mirrored and rotated 90°',
    6: 'rotated 90°',
    7: 'mirrored and rotated 270°',
    8: 'rotated 270°',
  } as Record<number, string>,
  transparency: (percent: string, colour: string) =>
    `${percent} of this image is (partly) transparent. The model does not see the page behind it: the transparency is dropped and it gets the colours stored there (Pillow’s convert('RGB')), mostly ${colour}.`,
  colourBlack: 'black',
  colourWhite: 'white',
  predictionsCaption: (k: number) => `Top ${k}`,
  modelInfo: {
    on: 'on',
    threads: (n: number) => `${n} thread${n === 1 ? '' : 's'}`,
    fromCache: 'from this browser’s cache',
    notIsolated: ': this browser did not allow the cross-origin isolation that WASM threads need here',
    unnamed: 'unnamed model',
  },
  timings: { decode: 'decode', preprocess: 'preprocess', inference: 'inference', total: 'classify() in the worker' },
  timingNote:
    'inference = classify() in the worker (which decodes and preprocesses the image again) minus one decode and preprocess pass. The first run on WebGPU includes compiling shaders.',
  notOnnx: (file: string, detail: string) =>
    `${file} is not an ONNX model (${detail}). Choose an .onnx model file, or open a .pth / .safetensors checkpoint instead.`,
  failures: FAILURE_MESSAGES.en,
  footerModels: 'Models and paper:',
  footerWeights: 'Weights on the hub:',
  snippet: {
    run: 'Run classifyInBrowser(chelsea.jpg)',
    running: 'Running…',
    sourceHub: (size: string) => `Hugging Face hub: resnet18_swsl (≈ ${size}, CC-BY-NC 4.0, downloaded once)`,
    sourceUrl: 'Model: the name of a variant, or the URL of an .onnx file converted by swsl:',
  },
};

export type Messages = typeof en;

const ko: Messages = {
  modelLegend: '1. 모델',
  imageLegend: '2. 이미지',
  variantLabel: '모델',
  variantOption: (name, size, state) => `${name} · 약 ${size}${state ? ` · ${state}` : ''}`,
  stateCached: '저장됨',
  stateDownloaded: '내려받음, 변환 전',
  hubSize: (size) => `Hugging Face 허브에서 약 ${size}를 한 번만 내려받습니다. 이후에는 이 브라우저에 저장됩니다.`,
  hubSizeCached: '이미 이 브라우저에 저장되어 있어 내려받을 것이 없습니다.',
  hubEndpoint: (endpoint) => `허브: ${endpoint}`,
  licenseBefore: '가중치: Facebook AI,',
  licenseName: 'CC-BY-NC 4.0',
  licenseAfter: ' — 비상업적 용도로만 사용할 수 있습니다. 코드는 MIT 라이선스입니다.',
  loadDownload: (size) => `약 ${size} 내려받고 분류하기`,
  loadCached: '불러와서 분류하기',
  loadOther: '모델을 불러와 분류하기',
  loaded: '모델 준비됨',
  cancel: '취소',
  cachedTotal: (size, count) => `이 브라우저에 저장됨: 파일 ${count}개, ${size}.`,
  cachedNone: '이 브라우저에 저장된 모델이 아직 없습니다.',
  clearCache: '저장된 모델 지우기',
  cacheCleared: '모델 캐시를 비웠습니다.',
  moreOptions: '추가 옵션: 장치, 정밀도, 다른 모델 출처',
  sourceLabel: '모델 출처',
  sourceHub: 'Hugging Face 허브 (기본값)',
  sourceVariant: '직접 호스팅하는 ONNX 파일 (기본 URL)',
  sourceUrl: 'ONNX URL',
  sourceOnnx: '로컬 .onnx 파일',
  sourceCheckpoint: '로컬 .pth / .safetensors 파일',
  baseUrlLabel: '기본 URL',
  baseUrlHint: (url) =>
    `${url} 파일을 가져옵니다. swsl로 변환한 .onnx 파일(변환 가이드 참고)을 이 사이트나 CORS(및 CORP) 헤더를 보내는 호스트에 두세요.`,
  urlLabel: 'swsl로 변환한 .onnx 파일의 URL',
  onnxFileLabel: '.onnx 파일',
  checkpointFileLabel: '.pth / .safetensors 파일',
  checkpointHint:
    '예: Facebook 서버의 semi_weakly_supervised_resnet50-16a12f1b.pth. 이 페이지의 Web Worker에서 ONNX로 변환되며(업로드하지 않습니다), 다음 방문을 위해 저장됩니다.',
  deviceLabel: '장치',
  deviceAuto: '자동 (실제 GPU가 있으면 WebGPU, 없으면 WASM)',
  deviceWebgpu: 'WebGPU',
  deviceWasm: 'WASM (CPU)',
  dtypeLabel: '정밀도',
  dtypeFp16: 'fp16 (shader-f16을 지원하는 WebGPU)',
  dtypeInt8: 'int8 (WASM, 이 브라우저에서 양자화)',
  int8Hint:
    'int8은 이 브라우저의 워커에서 만듭니다: 가중치를 변환하고 내장 사진 11장으로 보정합니다(resnet50 기준 약 20초, 한 번만; 이후 저장됨).',
  int8Measured: (speedup, same, of, date) =>
    `측정값 (${date}, resnet50, WASM 스레드 2개): 추론 속도 fp32의 ${speedup}배; 사진 ${of}장 중 ${same}장에서 top-1이 fp32와 같음.`,
  benchmarksLink: '전체 벤치마크',
  chooseFile: '파일 선택…',
  noFileChosen: '선택한 파일 없음',

  examples: '예시',
  exampleNames: { chelsea: '고양이', coffee: '커피', rocket: '로켓' },
  dropHint: '이미지를 여기에 끌어다 놓거나 붙여 넣으세요(Ctrl+V / ⌘V). 또는:',
  chooseImage: '이미지 선택…',
  cameraStart: '카메라 사용',
  cameraStop: '카메라 끄기',
  cameraCapture: '촬영',
  cameraNoApi: '이 브라우저에서는 여기서 카메라를 쓸 수 없습니다(HTTPS 또는 localhost와 카메라 지원이 필요합니다).',
  cameraNotFound: '이 기기에서 카메라를 찾지 못했습니다.',
  cameraDenied: '카메라 권한이 거부되었습니다. 브라우저의 사이트 설정에서 허용하면 사용할 수 있습니다.',
  cameraFailed: (detail) => `카메라를 시작하지 못했습니다: ${detail}`,
  pasteNoImage: '클립보드에 이미지가 없습니다.',
  topKLabel: '상위',
  topKAfter: '개 클래스 표시',

  status: {
    idle: '예시 사진이 선택되어 있습니다. 버튼을 눌러 분류하거나, 먼저 다른 이미지를 고르세요.',
    runtime: '워커에서 런타임을 시작하는 중…',
    downloading: '가중치 내려받는 중…',
    download: (loaded, total) =>
      total ? `가중치 내려받는 중: ${total} 중 ${loaded}` : `가중치 내려받는 중: ${loaded}`,
    verify: '파일 무결성 확인 중(sha256)…',
    convert: '가중치를 ONNX로 변환하는 중…',
    calibrate: (done, total) => `내장 사진으로 int8 보정 중: ${total}개 중 ${done}개…`,
    stored: '이 브라우저에 저장했습니다.',
    session: '장치에 맞게 모델을 준비하는 중…',
    ready: '모델이 준비되었습니다. 이미지를 고르세요.',
    preparing: '이미지를 준비하는 중…',
    classifying: '분류하는 중…',
    done: (ms) => `완료 (${ms}).`,
    cancelled: '내려받기를 취소했습니다. 버튼을 다시 누르면 멈춘 곳부터 이어서 받습니다.',
    failed: '실패했습니다.',
  },
  busy: '처리 중…',
  yourImage: '내 이미지',
  modelSees: (size) => `모델이 보는 이미지: Resize(256) → CenterCrop(${size}), Pillow와 동일`,
  orientation: (value, what) =>
    `EXIF 방향 ${value}: 브라우저는 태그에 따라 이 사진을 ${what}하여 보여 줍니다. 모델은 Pillow와 torchvision처럼 돌리거나 뒤집지 않은, 저장된 그대로의 픽셀을 받습니다.`,
  orientationKinds: {
    2: '좌우 반전',
    3: '180° 회전',
    4: '상하 반전',
    5: '좌우 반전 후 90° 회전',
    6: '90° 회전',
    7: '좌우 반전 후 270° 회전',
    8: '270° 회전',
  },
  transparency: (percent, colour) =>
    `이 이미지의 ${percent}가 (부분적으로) 투명합니다. 모델은 뒤의 페이지 배경을 보지 않습니다. 투명도는 버려지고 그 자리에 저장된 색(Pillow의 convert('RGB'))을 받으며, 여기서는 대부분 ${colour}입니다.`,
  colourBlack: '검은색',
  colourWhite: '흰색',
  predictionsCaption: (k) => `상위 ${k}개`,
  modelInfo: {
    on: '실행 장치:',
    threads: (n) => `스레드 ${n}개`,
    fromCache: '브라우저 캐시에서 불러옴',
    unnamed: '이름 없는 모델',
    notIsolated: ': 이 브라우저가 WASM 스레드에 필요한 교차 출처 격리를 여기서 허용하지 않았습니다',
  },
  timings: { decode: '디코딩', preprocess: '전처리', inference: '추론', total: '워커의 classify()' },
  timingNote:
    '추론 = 워커의 classify()(이미지를 다시 디코딩하고 전처리합니다) − 디코딩·전처리 한 번. WebGPU의 첫 실행에는 셰이더 컴파일 시간이 포함됩니다.',
  notOnnx: (file, detail) =>
    `${file}은(는) ONNX 모델이 아닙니다(${detail}). .onnx 모델 파일을 고르거나, .pth / .safetensors 체크포인트를 여세요.`,
  failures: FAILURE_MESSAGES.ko,
  footerModels: '모델과 논문:',
  footerWeights: '허브의 가중치:',
  snippet: {
    run: 'classifyInBrowser(chelsea.jpg) 실행',
    running: '실행 중…',
    sourceHub: (size) => `Hugging Face 허브: resnet18_swsl (약 ${size}, CC-BY-NC 4.0, 한 번만 내려받음)`,
    sourceUrl: '모델: 변형 이름, 또는 swsl로 변환한 .onnx 파일의 URL:',
  },
};

const CATALOGS: Record<Lang, Messages> = { en, ko };

export function messagesFor(lang: Lang): Messages {
  return CATALOGS[lang];
}
