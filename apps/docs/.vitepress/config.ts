import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';
import { crossOriginIsolation } from './isolation-plugin.js';
import { plainDataModules } from './plain-data-modules.js';

// TypeDoc (run by scripts/prepare.ts) writes the API pages and their sidebar; absent in `vitepress dev` without it.
const apiSidebarFile = fileURLToPath(new URL('../reference/api/typedoc-sidebar.json', import.meta.url));
const apiSidebar = existsSync(apiSidebarFile) ? JSON.parse(readFileSync(apiSidebarFile, 'utf8')) : [];

export default defineConfig({
  title: 'swsl',
  description:
    "Facebook's SSL/SWSL ImageNet ResNet/ResNeXt classifiers in Node and the browser, with PyTorch's answers.",
  outDir: './dist',
  cleanUrls: false,
  // Pages live beside the site's own code; only the .md files below are pages.
  srcExclude: ['README.md', 'reference/cli-readme.md', 'src/**', 'snippets/**', 'scripts/**', 'data/**'],
  // VitePress fails the build on a dead Markdown link; the HTML crawler test (src/site/links.test.ts) checks the rest.
  ignoreDeadLinks: false,
  lastUpdated: false,
  themeConfig: {
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
    search: { provider: 'local' },
    footer: {
      message: 'Code: MIT. Model weights: Facebook AI, CC-BY-NC 4.0 (non-commercial use only).',
    },
  },
  vite: {
    plugins: [plainDataModules(fileURLToPath(new URL('..', import.meta.url))), crossOriginIsolation()],
    // The playground's model conversion runs in an ES-module worker (runtime-web); threads need isolation headers.
    worker: { format: 'es' },
    // onnxruntime-web's extern-wasm build: it fetches its .wasm/.mjs from `wasmPaths` (/ort/, copied there by
    // scripts/prepare.ts) instead of Vite bundling a second 28 MB copy from its `new URL(…, import.meta.url)`.
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm'] },
    build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  },
});
