import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfigWithTheme } from 'vitepress';
import { crossOriginIsolation } from './isolation-plugin.js';
import { englishTheme } from './locales/en.js';
import { koreanSearch, koreanTheme } from './locales/ko.js';
import type { TranslatedPagesConfig } from './locales/langs.js';
import { plainDataModules } from './plain-data-modules.js';
import { stackedTables } from './stacked-tables.js';

// TypeDoc (run by scripts/prepare.ts) writes the API pages and their sidebar; absent in `vitepress dev` without it.
const apiSidebarFile = fileURLToPath(new URL('../reference/api/typedoc-sidebar.json', import.meta.url));
const apiSidebar = existsSync(apiSidebarFile) ? JSON.parse(readFileSync(apiSidebarFile, 'utf8')) : [];

// The Korean pages (ko/**/*.md) mirror English ones at the same path below the locale root; the language menu links
// page to page only for these (locales/langs.ts), and to the other language's home elsewhere.
const koreanDir = fileURLToPath(new URL('../ko', import.meta.url));

/** `git+https://github.com/o/r.git` in the root package.json → `https://github.com/o/r`. */
function repositoryUrl(): string {
  const root = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'));
  return String(root.repository?.url ?? root.repository)
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
}
const translatedPages = (readdirSync(koreanDir, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((path) => path.endsWith('.md'))
  .map((path) => path.split('\\').join('/'))
  .sort();

export default defineConfigWithTheme<DefaultTheme.Config & TranslatedPagesConfig>({
  title: 'swsl',
  description:
    "Facebook's SSL/SWSL ImageNet ResNet/ResNeXt classifiers in Node and the browser, with PyTorch's answers.",
  outDir: './dist',
  cleanUrls: false,
  markdown: { config: stackedTables },
  // Pages live beside the site's own code; only the .md files below are pages.
  srcExclude: ['README.md', 'reference/cli-readme.md', 'src/**', 'snippets/**', 'scripts/**', 'data/**'],
  // VitePress fails the build on a dead Markdown link; the HTML crawler test (src/site/links.test.ts) checks the rest.
  ignoreDeadLinks: false,
  lastUpdated: false,
  // The playground's favicon (public/favicon.svg); without it every page logged a 404 for /favicon.ico.
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  // English at the root, Korean under /ko/ (the same paths below it); the language menu switches between the two.
  locales: {
    root: { label: 'English', lang: 'en-US', themeConfig: englishTheme(apiSidebar) },
    ko: {
      label: '한국어',
      lang: 'ko-KR',
      link: '/ko/',
      title: 'swsl',
      description:
        'Facebook의 SSL/SWSL ImageNet ResNet/ResNeXt 분류 모델을 Node와 브라우저에서, PyTorch와 같은 결과로.',
      themeConfig: koreanTheme(),
    },
  },
  themeConfig: {
    translatedPages,
    // The repository, from the root package.json (the one place it is written).
    socialLinks: [{ icon: 'github', link: repositoryUrl() }],
    search: {
      provider: 'local',
      options: {
        locales: { ko: { translations: koreanSearch } },
        miniSearch: {
          // The generated API pages (400 of them, the ONNX protobuf classes among them) matched every word a visitor
          // types and buried the guides: they rank below any guide now. VitePress sends this function to the page as
          // its source text, so it names nothing outside itself.
          searchOptions: { boostDocument: (id: string) => (id.includes('/reference/api/') ? 0.05 : 1) },
        },
      },
    },
  },
  vite: {
    plugins: [plainDataModules(fileURLToPath(new URL('..', import.meta.url))), crossOriginIsolation()],
    resolve: {
      // onnxruntime-web's extern-wasm build: it fetches its .wasm/.mjs from `wasmPaths` (/ort/, copied there by
      // scripts/prepare.ts) instead of Vite bundling a second 28 MB copy from its `new URL(…, import.meta.url)`.
      conditions: ['onnxruntime-web-use-extern-wasm'],
      // The default theme's language-menu logic, replaced by one that knows which pages are translated.
      alias: [
        {
          find: /^\.{1,2}\/composables\/langs(?:\.js)?$/,
          replacement: fileURLToPath(new URL('./locales/langs.ts', import.meta.url)),
        },
      ],
    },
    // The playground's model conversion runs in an ES-module worker (runtime-web); threads need isolation headers.
    worker: { format: 'es' },
    build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  },
});
