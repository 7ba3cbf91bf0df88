import type { DefaultTheme } from 'vitepress';

/** The English (root) locale's navigation: every page at its plain path. */
export function englishTheme(apiSidebar: DefaultTheme.SidebarItem[]): DefaultTheme.Config {
  return {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Models', link: '/guide/models' },
      { text: 'Playground', link: '/playground' },
      { text: 'API', link: '/reference/api/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Models and license', link: '/guide/models' },
          { text: 'From .pth to ONNX', link: '/guide/conversion' },
          { text: 'Preprocessing', link: '/guide/preprocessing' },
          { text: 'In the browser', link: '/guide/browser' },
          { text: 'Dtypes: fp32, fp16, int8, w8', link: '/guide/dtypes' },
          { text: 'Evaluate and embed', link: '/guide/evaluate-and-embed' },
          { text: 'Distributed jobs', link: '/guide/distributed' },
          { text: 'Serving over HTTP', link: '/guide/serving' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'CLI', link: '/reference/cli' },
          { text: 'Benchmarks', link: '/reference/benchmarks' },
          { text: 'API', link: '/reference/api/', collapsed: true, items: apiSidebar },
        ],
      },
      { text: 'Playground', link: '/playground' },
    ],
    footer: {
      message: 'Code: MIT. Model weights: Facebook AI, CC-BY-NC 4.0 (non-commercial use only).',
    },
  };
}
