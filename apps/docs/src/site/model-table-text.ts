/** The words of the model table (ModelTable.vue), per page language; the cells' numbers never change with it. */
export interface ModelTableText {
  /** One per column: variant, pretraining data, params (paper), params (counted), GFLOPs, top-1, top-5, weights, license. */
  readonly headings: readonly string[];
  readonly note: string;
}

const EN: ModelTableText = {
  headings: [
    'variant',
    'pretrained on',
    'params (paper)',
    'params (counted)',
    'GFLOPs',
    'top-1',
    'top-5',
    'weights',
    'license',
  ],
  note:
    "top-1 / top-5: ImageNet-1k validation accuracy (%) at 224×224, as published. Counted parameters: torchvision's " +
    "exact count for the architecture (hover for all digits). Weights: the official file on Facebook's server (hover " +
    'for its name; the 8 hex digits in it start its sha256, which swsl checks).',
};

const KO: ModelTableText = {
  headings: [
    '모델',
    '사전 학습 데이터',
    '파라미터 (논문)',
    '파라미터 (실제)',
    'GFLOPs',
    'top-1',
    'top-5',
    '가중치',
    '라이선스',
  ],
  note:
    'top-1 / top-5: 논문에 발표된 224×224 ImageNet-1k 검증 정확도(%). 파라미터 (실제): torchvision이 해당 아키텍처에서 ' +
    '세는 정확한 개수(마우스를 올리면 모든 자릿수가 보입니다). 가중치: Facebook 서버의 공식 파일(마우스를 올리면 파일 ' +
    '이름이 보입니다. 이름 속 16진수 8자리는 sha256의 앞부분이며 swsl이 이를 확인합니다).',
};

/** `lang` is VitePress's page language (`en-US`, `ko-KR`); anything not Korean gets English. */
export function modelTableText(lang: string): ModelTableText {
  return lang.toLowerCase().startsWith('ko') ? KO : EN;
}
