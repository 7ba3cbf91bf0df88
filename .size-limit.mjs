// Size budgets per public entry point, checked by `pnpm test` (`pnpm size`, before vitest). Each entry is bundled
// from its package's dist/ by esbuild as an application would (ESM, browser, minified, npm dependencies included),
// and the size is the minified bytes, uncompressed.
//
// "first load": the entry and everything it imports statically, i.e. what a page downloads before any of it runs.
// Code loaded with import() on first use (the converter, the TIFF decoder, hash-wasm, onnxruntime-web) is left out;
// a bundler that splits code puts it into chunks of its own. "with lazy chunks": the same entry with that code too.
// Budgets sit a few per cent above the sizes measured when they were set (packages/runtime-web/README.md: Bundle size).

/** Every `import()` stays external, so the bundle is exactly what loads before the first lazy import. */
const lazyStaysExternal = {
  name: 'lazy-stays-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

const browser = (config) => ({ ...config, format: 'esm', platform: 'browser' });
const firstLoad = (config) => ({ ...browser(config), plugins: [...(config.plugins ?? []), lazyStaysExternal] });

const check = (name, path, limit, modifyEsbuildConfig = firstLoad) => ({
  name,
  path,
  limit,
  brotli: false,
  gzip: false,
  modifyEsbuildConfig,
});

export default [
  check('@swsl/registry', 'packages/registry/dist/index.js', '60 kB'),
  // 32.2 → 34.8 kB with Pillow's verdicts on malformed files (CRC/Adler checks, capped inflate, TIFF strip and
  // directory checks, our own TIFF LZW): the growth bought bounded memory and typed errors.
  check('@swsl/preprocess/browser, first load', 'packages/preprocess/dist/browser/index.js', '37 kB'),
  check('@swsl/convert', 'packages/convert/dist/index.js', '275 kB', browser),
  // 94 → 98 kB: calibration (ranges, histograms, channel means) and the calibrating converter for int8/w8 (95.5 kB).
  check('@swsl/core', 'packages/core/dist/index.js', '98 kB'),
  check('@swsl/runtime-web main chunk, first load', 'packages/runtime-web/dist/index.js', '151 kB'),
  // 990 kB → 1.4 MB for int8 made in the browser: the 11 calibration photos (≈ 367 kB of base64, fetched only by a
  // conversion that quantizes). Same for the classifier worker's lazy chunks below.
  check('@swsl/runtime-web, with lazy chunks', 'packages/runtime-web/dist/index.js', '1.4 MB', browser),
  // An fp32 conversion loads only this; int8/w8 load onnxruntime-web and the photos on top (with lazy chunks).
  check('@swsl/runtime-web/convert-worker, first load', 'packages/runtime-web/dist/convert-worker.js', '273 kB'),
  check(
    '@swsl/runtime-web/convert-worker, with lazy chunks',
    'packages/runtime-web/dist/convert-worker.js',
    '1.3 MB',
    browser,
  ),
  check('@swsl/runtime-web/classifier-worker, first load', 'packages/runtime-web/dist/classifier-worker.js', '147 kB'),
  check(
    '@swsl/runtime-web/classifier-worker, with lazy chunks',
    'packages/runtime-web/dist/classifier-worker.js',
    '1.4 MB',
    browser,
  ),
];
