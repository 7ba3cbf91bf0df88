import type { DefaultTheme } from 'vitepress';

/**
 * The Korean locale (`/ko/…`): the guide, the model table, the benchmarks and the playground are translated; the
 * CLI and API references are generated from the English sources, so the Korean sidebar links to those pages.
 */
export function koreanTheme(): DefaultTheme.Config {
  return {
    nav: [
      { text: '가이드', link: '/ko/guide/getting-started' },
      { text: '모델', link: '/ko/guide/models' },
      { text: '플레이그라운드', link: '/ko/playground' },
      { text: 'API', link: '/reference/api/' },
    ],
    sidebar: [
      {
        text: '가이드',
        items: [
          { text: '시작하기', link: '/ko/guide/getting-started' },
          { text: '모델과 라이선스', link: '/ko/guide/models' },
          { text: '.pth에서 ONNX로', link: '/ko/guide/conversion' },
          { text: '전처리', link: '/ko/guide/preprocessing' },
          { text: '브라우저에서', link: '/ko/guide/browser' },
          { text: 'dtype: fp32, fp16, int8, w8', link: '/ko/guide/dtypes' },
          { text: '평가와 임베딩', link: '/ko/guide/evaluate-and-embed' },
          { text: '분산 작업', link: '/ko/guide/distributed' },
          { text: 'HTTP로 서빙하기', link: '/ko/guide/serving' },
        ],
      },
      {
        text: '레퍼런스',
        items: [
          { text: '벤치마크', link: '/ko/reference/benchmarks' },
          { text: 'CLI (영어)', link: '/reference/cli' },
          // A link only: the API pages are English (their own sidebar is there), and every page carries the site's
          // config, so a second copy of the API tree here would weigh on all of them.
          { text: 'API (영어)', link: '/reference/api/' },
        ],
      },
      { text: '플레이그라운드', link: '/ko/playground' },
    ],
    footer: {
      message: '코드: MIT. 모델 가중치: Facebook AI, CC-BY-NC 4.0 (비상업적 용도로만 사용 가능).',
    },
    outline: { label: '이 페이지의 내용' },
    docFooter: { prev: '이전', next: '다음' },
    langMenuLabel: '언어 변경',
    returnToTopLabel: '맨 위로',
    sidebarMenuLabel: '메뉴',
    darkModeSwitchLabel: '테마',
    lightModeSwitchTitle: '밝은 테마로 전환',
    darkModeSwitchTitle: '어두운 테마로 전환',
    skipToContentLabel: '본문으로 건너뛰기',
    notFound: {
      title: '페이지를 찾을 수 없습니다',
      quote: '주소가 바뀌었거나 잘못 입력되었을 수 있습니다.',
      linkLabel: '한국어 홈으로 이동',
      linkText: '홈으로',
    },
  };
}

/** The local search box and its results dialog, in Korean. */
export const koreanSearch: DefaultTheme.LocalSearchOptions['translations'] = {
  button: { buttonText: '검색', buttonAriaLabel: '검색' },
  modal: {
    displayDetails: '자세히 보기',
    resetButtonTitle: '검색어 지우기',
    backButtonTitle: '검색 닫기',
    noResultsText: '결과가 없습니다',
    footer: {
      selectText: '선택',
      selectKeyAriaLabel: 'Enter 키',
      navigateText: '이동',
      navigateUpKeyAriaLabel: '위쪽 화살표',
      navigateDownKeyAriaLabel: '아래쪽 화살표',
      closeText: '닫기',
      closeKeyAriaLabel: 'Esc 키',
    },
  },
};
