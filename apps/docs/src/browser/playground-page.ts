import type { Page } from 'playwright-core';

/** What the playground shows after classifying: read from the page, as a user (or a screen reader) would. */
export interface PlaygroundResult {
  readonly device: string;
  readonly image: string;
  readonly top5: { index: number; wnid: string; name: string; probability: number }[];
  /** The crop canvas's RGB bytes (alpha dropped). */
  readonly crop: number[];
  readonly timings: Record<string, string>;
}

export type SourceKind = 'onnx' | 'checkpoint';

/** Opens "More options" (device, precision, other model sources) unless it is open. */
export async function openMoreOptions(page: Page): Promise<void> {
  await page.getByTestId('more-options').waitFor();
  const open = await page.locator('details.pg-more').evaluate((d) => (d as HTMLDetailsElement).open);
  if (!open) await page.getByTestId('more-options').click();
}

/** Drives /playground.html: load a model from a local file on a device, then classify a local image. */
export async function classifyInPlayground(
  page: Page,
  origin: string,
  model: { kind: SourceKind; file: string; device: 'wasm' | 'webgpu' | 'auto'; dtype?: 'fp32' | 'int8' },
  image: string,
): Promise<PlaygroundResult> {
  await page.goto(`${origin}/playground.html`);
  await page.getByTestId('model-panel').waitFor();
  await openMoreOptions(page);
  await page.getByTestId(`source-${model.kind}`).check();
  await page.getByTestId(model.kind === 'onnx' ? 'onnx-file' : 'checkpoint-file').setInputFiles(model.file);
  await page.getByTestId('device').selectOption(model.device);
  if (model.dtype) await page.getByTestId('dtype').selectOption(model.dtype);
  await page.getByTestId('load-model').click();
  // Loading ends by classifying the example already picked; then the image of the test replaces it.
  await waitForState(page, ['done']);
  const runs = await completedRuns(page);
  await page.getByTestId('image-file').setInputFiles(image);
  await waitForRun(page, runs);
  return readResult(page);
}

/**
 * Waits until the default example is prepared and the page idle. The server-rendered page already says "idle": a
 * press before the example is prepared would find the buttons busy.
 */
export async function waitForExamplePrepared(page: Page): Promise<void> {
  await page.getByTestId('results').and(page.locator('[data-image="chelsea.jpg"]')).waitFor();
  await page.getByTestId('status').and(page.locator('[data-state=idle]')).waitFor();
}

/** Loads ONNX bytes as a local `.onnx` file on `device`; resolves when the example photo is classified with it. */
export async function loadLocalOnnx(page: Page, onnx: Uint8Array, device: 'wasm' | 'webgpu' | 'auto'): Promise<void> {
  await openMoreOptions(page);
  await page.getByTestId('source-onnx').check();
  await page
    .getByTestId('onnx-file')
    .setInputFiles({ name: 'tiny.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(onnx) });
  await page.getByTestId('device').selectOption(device);
  await page.getByTestId('load-model').click();
  await waitForState(page, ['done']);
}

/** How many classifications the page has finished (the results' `data-runs`). */
export async function completedRuns(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('[data-testid=results]')?.getAttribute('data-runs') ?? 0));
}

/** Waits for a classification after the `before`-th to finish (or an error shown in the page). */
export async function waitForRun(page: Page, before: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'error' ||
      (document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'done' &&
        Number(document.querySelector('[data-testid=results]')?.getAttribute('data-runs') ?? 0) > n),
    before,
    { timeout },
  );
  await failOnPageError(page);
}

/** Waits until the status reaches one of `states`; an error shown in the page fails with its code and message. */
export async function waitForState(page: Page, states: readonly string[], timeout = 120_000): Promise<void> {
  const wanted = [...states, 'error'];
  await page.waitForFunction(
    (w) => w.includes(document.querySelector('[data-testid=status]')?.getAttribute('data-state') ?? ''),
    wanted,
    { timeout },
  );
  if (!states.includes('error')) await failOnPageError(page);
}

async function failOnPageError(page: Page): Promise<void> {
  const state = await page.getByTestId('status').getAttribute('data-state');
  if (state === 'error') {
    throw new Error(`the playground shows an error: ${await page.getByTestId('error').textContent()}`);
  }
}

export async function readResult(page: Page): Promise<PlaygroundResult> {
  return page.evaluate(() => {
    const device = document.querySelector('[data-testid=model-info]')?.getAttribute('data-device') ?? '';
    const image = document.querySelector('[data-testid=results]')?.getAttribute('data-image') ?? '';
    const top5 = [...document.querySelectorAll('[data-testid=predictions] li')].map((li) => ({
      index: Number(li.getAttribute('data-index')),
      wnid: li.getAttribute('data-wnid') ?? '',
      name: li.querySelector('.pg-bar-label')?.textContent?.trim() ?? '',
      probability: Number(li.getAttribute('data-probability')),
    }));
    const canvas = document.querySelector('[data-testid=crop]') as HTMLCanvasElement;
    const rgba = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const crop = [...rgba].filter((_, i) => i % 4 !== 3);
    const timings = Object.fromEntries(
      [...document.querySelectorAll('[data-testid=timings] tr')].map((tr) => [
        tr.getAttribute('data-stage') ?? '',
        tr.querySelector('td')?.textContent ?? '',
      ]),
    );
    return { device, image, top5, crop, timings };
  });
}
