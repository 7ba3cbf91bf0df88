import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForBrowser, describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import type { Prediction } from '@swsl/core';
import { fixturePath } from '@swsl/reference';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Swsl from './index.js';
import { PACKAGE_ROOT, samplePath } from './test-support/paths.js';
import { startTestServer, type TestServer } from './test-support/server.js';

const CHECKPOINT = 'tiny-basic.zip.pth';
/** The chunks that must not load with the page: each `import()` of the package, named after its module. */
const LAZY = ['ort.bundle.min', 'convert-job', 'sha256-wasm', 'tiff-decoder'];

type Answer = { top5: string[][]; device: string };

// The package as an application bundles it with code splitting (esbuild `splitting`, as Vite/webpack do): the page
// loads only the main chunk; onnxruntime-web comes with the first classifier, the converter with the first
// conversion on the page's thread, and both work from their own chunks.
describeWithBrowser('runtime-web with code splitting: lazy chunks load on first use', () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  const requestedScripts = () => [...server.hits.keys()].filter((path) => path.endsWith('.js')).map((p) => p.slice(1));
  /** Whether the chunk of the module `name` (emitted as `<name>-<hash>.js`) was requested. */
  const loaded = (name: string) => requestedScripts().some((file) => file.startsWith(`${name}-`));

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-runtime-web-split-'));
    await bundleForBrowser(
      {
        page: join(PACKAGE_ROOT, 'src/test-support/split-page.ts'),
        'convert-worker': join(PACKAGE_ROOT, 'src/convert-worker.ts'),
      },
      work,
      { splitting: true, entryNames: '[name]', chunkNames: '[name]-[hash]' },
    );
    const checkpoint = new Uint8Array(readFileSync(fixturePath(CHECKPOINT)));
    const { onnx } = await convertCheckpoint(checkpoint);
    server = await startTestServer(work, {
      'tiny.onnx': onnx,
      [CHECKPOINT]: checkpoint,
      'chelsea.jpg': samplePath('chelsea.jpg'),
    });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function classify(source: 'onnx' | 'checkpoint'): Promise<Answer> {
    return page.evaluate(
      async ({ source, checkpoint }) => {
        const { swsl } = globalThis as unknown as { swsl: typeof Swsl };
        const blob = async (url: string) => (await fetch(url)).blob();
        const classifier = await swsl.createClassifier(
          source === 'onnx' ? { url: '/files/tiny.onnx' } : { checkpoint: await blob(`/files/${checkpoint}`) },
          // The converter runs on this thread, so its chunk is imported by the page itself.
          { device: 'wasm', wasmPaths: '/ort/', cache: false, convertWorkerUrl: false },
        );
        const predictions: Prediction[][] = await classifier.classify(await blob('/files/chelsea.jpg'));
        await classifier.dispose();
        return { top5: predictions.map((p) => p.map((x) => x.name)), device: classifier.info.device };
      },
      { source, checkpoint: CHECKPOINT },
    );
  }

  it('the page loads the main chunk alone; onnxruntime-web, then the converter, load when first used', async () => {
    const emitted = readdirSync(work);
    for (const name of LAZY)
      expect(
        emitted.some((f) => f.startsWith(`${name}-`)),
        `${name}: a chunk of its own`,
      ).toBe(true);

    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    expect(requestedScripts()).toContain('page.js');
    for (const name of LAZY) expect(loaded(name), `${name} before any use`).toBe(false);

    const fromOnnx = await classify('onnx');
    expect(fromOnnx.device).toBe('wasm');
    expect(loaded('ort.bundle.min')).toBe(true);
    expect(loaded('convert-job'), 'an ONNX model needs no converter').toBe(false);

    const fromCheckpoint = await classify('checkpoint');
    expect(loaded('convert-job')).toBe(true);
    expect(fromCheckpoint.top5).toEqual(fromOnnx.top5);
    expect(fromOnnx.top5[0]).toHaveLength(5);
  });
});
