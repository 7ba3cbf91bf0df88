import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import type { Prediction } from '@swsl/core';
import { preprocess } from '@swsl/preprocess/node';
import { fixturePath } from '@swsl/reference';
import { createClassifier } from '@swsl/runtime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';
import {
  classifyInPlayground,
  completedRuns,
  openMoreOptions,
  type PlaygroundResult,
  waitForRun,
  waitForState,
} from './playground-page.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const IMAGE = join(REPO, 'samples/chelsea.jpg');
const CHECKPOINT = fixturePath('tiny-basic.zip.pth');
/** CI keeps this file as an artifact; apps/docs/README.md links it. */
const SCREENSHOT = join(REPO, 'artifacts/playground.png');

/**
 * The same classes in the same order as runtime-node (itself tested against PyTorch), on the same committed tiny
 * model and photo; probabilities within `tolerance` (WASM and WebGPU kernels sum in other orders than ORT's CPU EP).
 */
function expectSameTop5(shown: PlaygroundResult['top5'], reference: Prediction[], tolerance: number) {
  expect(shown.map((p) => [p.index, p.wnid, p.name])).toEqual(reference.map((p) => [p.index, p.wnid, p.name]));
  for (const [k, p] of shown.entries()) {
    expect(Math.abs(p.probability - reference[k]!.probability)).toBeLessThan(tolerance);
  }
}

/** A JPEG with an EXIF APP1 segment right after SOI whose only tag is Orientation = `value` (big-endian TIFF). */
function withExifOrientation(jpeg: Uint8Array, value: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0];
  const payload = [...Buffer.from('Exif\0\0', 'latin1'), ...tiff];
  const length = payload.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...payload];
  return new Uint8Array([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
}

describeWithBrowser('the playground of the built docs site, in Chromium', () => {
  let work: string;
  let onnxFile: string;
  let server: StaticServer;
  let browser: Browser;
  let reference: Prediction[];
  let referenceInt8: Prediction[];
  let referenceCrop: number[];

  beforeAll(async () => {
    const dist = requireBuiltSite();
    work = mkdtempSync(join(tmpdir(), 'swsl-docs-'));
    const { onnx } = await convertCheckpoint(new Uint8Array(readFileSync(CHECKPOINT)));
    onnxFile = join(work, 'tiny-basic.onnx');
    writeFileSync(onnxFile, onnx);
    const nodeClassifier = await createClassifier({ checkpoint: CHECKPOINT }, { device: 'cpu' });
    reference = (await nodeClassifier.classify(IMAGE, { topK: 5 }))[0]!;
    await nodeClassifier.dispose();
    const nodeInt8 = await createClassifier({ checkpoint: CHECKPOINT }, { device: 'cpu', dtype: 'int8' });
    referenceInt8 = (await nodeInt8.classify(IMAGE, { topK: 5 }))[0]!;
    await nodeInt8.dispose();
    referenceCrop = [...(await preprocess(IMAGE)).crops[0]!];
    server = await startStaticServer(dist, { extra: { '/models/tiny-basic-fp32.onnx': onnx } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A fresh context per test; on failure the page's console and a screenshot are kept in artifacts/. */
  async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    try {
      return await use(page);
    } catch (error) {
      mkdirSync(join(REPO, 'artifacts'), { recursive: true });
      await page.screenshot({ path: join(REPO, 'artifacts/playground-failure.png'), fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\npage console:\n${log.join('\n')}`, { cause: error });
    } finally {
      await context.close();
    }
  }

  it('WASM: a local .onnx classifies the photo with runtime-node’s top-5, and shows the Pillow-exact crop', async () => {
    const shown = await withPage((page) =>
      classifyInPlayground(page, server.origin, { kind: 'onnx', file: onnxFile, device: 'wasm' }, IMAGE),
    );
    expect(shown.device).toBe('wasm');
    expectSameTop5(shown.top5, reference, 1e-4);
    // The crop canvas shows the very bytes @swsl/preprocess (tested against Pillow) makes in Node.
    expect(shown.crop.length).toBe(224 * 224 * 3);
    expect(shown.crop).toEqual(referenceCrop);
    for (const stage of ['decode', 'preprocess', 'inference']) expect(shown.timings[stage]).toMatch(/^\d+\.\d ms$/);
  });

  it('WebGPU: the same top-5, and the page reports that it ran on webgpu', async () => {
    const shown = await withPage((page) =>
      classifyInPlayground(page, server.origin, { kind: 'onnx', file: onnxFile, device: 'webgpu' }, IMAGE),
    );
    expect(shown.device).toBe('webgpu');
    expectSameTop5(shown.top5, reference, 1e-3);
  });

  it('converts the official-format .pth in the browser (Web Worker) and classifies; screenshot saved', async () => {
    const shown = await withPage(async (page) => {
      const result = await classifyInPlayground(
        page,
        server.origin,
        { kind: 'checkpoint', file: CHECKPOINT, device: 'wasm' },
        IMAGE,
      );
      mkdirSync(join(REPO, 'artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      return result;
    });
    expect(shown.device).toBe('wasm');
    expectSameTop5(shown.top5, reference, 1e-4);
  });

  it('int8: the .pth quantized in the browser answers as runtime-node’s int8 of it; the hint gives the measured figures', async () => {
    const { shown, hint, info } = await withPage(async (page) => {
      const shown = await classifyInPlayground(
        page,
        server.origin,
        { kind: 'checkpoint', file: CHECKPOINT, device: 'auto', dtype: 'int8' },
        IMAGE,
      );
      const hint = await page.getByTestId('int8-hint').textContent();
      return { shown, hint, info: await page.getByTestId('model-info').textContent() };
    });
    expect(shown.device).toBe('wasm'); // int8 has no WebGPU kernels: auto takes WASM
    expect(info).toContain('int8');
    // Calibrated on WASM here and on AVX-512 in Node: ranges may differ in their last bits (runtime-web's tests).
    expectSameTop5(shown.top5, referenceInt8, 1e-5);
    expect(hint).toMatch(/calibrated on 11 built-in photos/);
    expect(hint).toMatch(/inference \d+\.\d× as fast as fp32; top-1 the same as fp32 for \d+ of \d+ photos/);
  });

  it('shows a failure in the page with its error code (a photo given as a checkpoint)', async () => {
    const error = await withPage(async (page) => {
      await page.goto(`${server.origin}/playground.html`);
      await openMoreOptions(page);
      await page.getByTestId('source-checkpoint').check();
      await page.getByTestId('checkpoint-file').setInputFiles(IMAGE);
      await page.getByTestId('load-model').click();
      await waitForState(page, ['error']);
      const box = page.getByTestId('error');
      return { code: await box.getAttribute('data-code'), text: await box.textContent() };
    });
    expect(error.code).toBe('E_UNSUPPORTED_CHECKPOINT');
    expect(error.text).toContain('E_UNSUPPORTED_CHECKPOINT');
    expect(error.text).toContain('chelsea.jpg');
  });

  it('a PNG renamed .onnx fails with E_NOT_ONNX naming the file, not a protobuf wire-type message', async () => {
    const png = join(work, 'picture.onnx');
    writeFileSync(png, readFileSync(fixturePath('preprocess/rgb-17x5.png')));
    const error = await withPage(async (page) => {
      await page.goto(`${server.origin}/playground.html`);
      await openMoreOptions(page);
      await page.getByTestId('source-onnx').check();
      await page.getByTestId('onnx-file').setInputFiles(png);
      await page.getByTestId('load-model').click();
      await waitForState(page, ['error']);
      const box = page.getByTestId('error');
      return { code: await box.getAttribute('data-code'), text: await box.textContent() };
    });
    expect(error.code).toBe('E_NOT_ONNX');
    expect(error.text).toContain('picture.onnx');
    expect(error.text).toContain('PNG');
    expect(error.text).not.toMatch(/wire type/);
  });

  it('images: the file chooser opens from the keyboard, pasted and dropped images are classified, the camera says why not', async () => {
    const seen = await withPage(async (page) => {
      await page.goto(`${server.origin}/playground.html`);
      await openMoreOptions(page);
      await page.getByTestId('source-onnx').check();
      await page.getByTestId('onnx-file').setInputFiles(onnxFile);
      await page.getByTestId('device').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await waitForState(page, ['done']);
      // A real button: focused and pressed with Enter, it opens the file chooser.
      await page.bringToFront();
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('choose-image').press('Enter'),
      ]);
      let runs = await completedRuns(page);
      await chooser.setFiles(join(REPO, 'samples/coffee.jpg'));
      await waitForRun(page, runs);
      const chosen = await page.getByTestId('results').getAttribute('data-image');
      // Paste: a ClipboardEvent carrying an image file, as Ctrl+V with a copied image makes.
      runs = await completedRuns(page);
      const bytes = [...readFileSync(join(REPO, 'samples/rocket.jpg'))];
      await page.evaluate((b) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(b)], 'rocket.jpg', { type: 'image/jpeg' }));
        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
      }, bytes);
      await waitForRun(page, runs);
      const pasted = await page.getByTestId('results').getAttribute('data-image');
      // Drag and drop onto the image panel.
      runs = await completedRuns(page);
      const dropped = { bytes: [...readFileSync(join(REPO, 'samples/chelsea.jpg'))] };
      await page.evaluate((b) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(b)], 'dropped.jpg', { type: 'image/jpeg' }));
        const panel = document.querySelector('[data-testid=image-panel]')!;
        panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, dropped.bytes);
      await waitForRun(page, runs);
      const droppedName = await page.getByTestId('results').getAttribute('data-image');
      // Top-k: the same image again, with 3 classes.
      runs = await completedRuns(page);
      await page.getByTestId('top-k').selectOption('3');
      await waitForRun(page, runs);
      const topK = await page.locator('[data-testid=predictions] li').count();
      // Headless Chromium has no camera: a sentence, not a failure.
      await page.getByTestId('camera').click();
      const notice = await page.getByTestId('image-notice').textContent();
      const failed = await page.getByTestId('error').count();
      return { chosen, pasted, dropped: droppedName, topK, notice, failed };
    });
    expect(seen.chosen).toBe('coffee.jpg');
    expect(seen.pasted).toBe('rocket.jpg');
    expect(seen.dropped).toBe('dropped.jpg');
    expect(seen.topK).toBe(3);
    expect(seen.notice).toMatch(/camera/i);
    expect(seen.failed).toBe(0);
  });

  it('says beside the preview when EXIF orientation or transparency makes the model see other pixels; a non-image is named', async () => {
    const rotated = join(work, 'rotated.jpg');
    writeFileSync(rotated, withExifOrientation(readFileSync(IMAGE), 6));
    const notes = await withPage(async (page) => {
      await page.goto(`${server.origin}/playground.html`);
      await waitForState(page, ['idle']);
      const read = async (file: string) => {
        await page.getByTestId('image-file').setInputFiles(file);
        await page.locator(`[data-testid=results][data-image="${basename(file)}"]`).waitFor();
        await waitForState(page, ['idle']);
        return page.locator('[data-testid=image-facts] li').evaluateAll((items) =>
          items.map((li) => ({
            fact: li.getAttribute('data-fact'),
            value: li.getAttribute('data-value'),
            text: li.textContent,
          })),
        );
      };
      const notes = {
        rotated: await read(rotated),
        transparent: await read(fixturePath('preprocess/la-30x22.png')),
        plain: await read(IMAGE),
      };
      // Not an image at all: the decoder's code and the file's name, in the page.
      await page.getByTestId('image-file').setInputFiles(CHECKPOINT);
      await waitForState(page, ['error']);
      const box = page.getByTestId('error');
      return { ...notes, notAnImage: { code: await box.getAttribute('data-code'), text: await box.textContent() } };
    });
    expect(notes.notAnImage.code).toBe('E_NOT_AN_IMAGE');
    expect(notes.notAnImage.text).toContain('tiny-basic.zip.pth');
    expect(notes.rotated).toMatchObject([{ fact: 'orientation', value: '6' }]);
    expect(notes.rotated[0]!.text).toContain('rotated 90°');
    expect(notes.transparent.map((n) => n.fact)).toEqual(['transparency']);
    expect(notes.transparent[0]!.text).toMatch(/transparent/);
    expect(notes.plain).toEqual([]);
  });

  it('runs the getting-started browser snippet (snippets/browser-classify.ts) with runtime-node’s answer', async () => {
    const answer = await withPage(async (page) => {
      await page.goto(`${server.origin}/guide/getting-started.html`);
      await page.getByTestId('snippet-model-url').fill('/models/tiny-basic-fp32.onnx');
      await page.getByTestId('snippet-run').click();
      await page.locator('[data-testid=snippet-result], [data-testid=snippet-error]').first().waitFor();
      if (await page.getByTestId('snippet-error').count()) {
        throw new Error(`the snippet failed in the page: ${await page.getByTestId('snippet-error').textContent()}`);
      }
      return JSON.parse((await page.getByTestId('snippet-result').textContent()) ?? '') as {
        device: string;
        top5: Prediction[];
      };
    });
    expect(['webgpu', 'wasm']).toContain(answer.device);
    expectSameTop5(answer.top5, reference, answer.device === 'webgpu' ? 1e-3 : 1e-4);
  });
});
