// Single requests with fetch, outside autocannon: the overload's samples and the check right after it.
import { classifyPath, type Photo } from './load.js';

export interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  /** The top-1 class index of a 200 answer. */
  readonly top1: number | null;
  readonly ms: number;
}

export async function classifyOnce(url: string, model: string, photo: Photo): Promise<Answer> {
  const start = performance.now();
  const response = await fetch(`${url}${classifyPath(model)}`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg' },
    body: photo.bytes,
  });
  const text = await response.text();
  const ms = performance.now() - start;
  let top1: number | null = null;
  if (response.status === 200) {
    const rows = JSON.parse(text) as { predictions: { index: number }[] }[];
    top1 = rows[0]?.predictions[0]?.index ?? null;
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), top1, ms };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client that honours Retry-After: sends at once, and on a 503 waits as told and tries again, up to `tries`.
 * Gives every attempt.
 */
export async function classifyWithRetry(url: string, model: string, photo: Photo, tries = 10): Promise<Answer[]> {
  const attempts: Answer[] = [];
  for (let i = 0; i < tries; i++) {
    const answer = await classifyOnce(url, model, photo);
    attempts.push(answer);
    if (answer.status !== 503) break;
    const wait = Number(answer.retryAfter ?? '1');
    await sleep(1000 * (Number.isFinite(wait) && wait > 0 ? wait : 1));
  }
  return attempts;
}

/** Samples the server every `everyMs` with its own requests until `stop()`: status and Retry-After of each. */
export function sampleDuring(url: string, model: string, photos: readonly Photo[], everyMs = 500) {
  const answers: Answer[] = [];
  const failures: string[] = [];
  const pending: Promise<void>[] = [];
  let stopped = false;
  let i = 0;
  const loop = (async () => {
    while (!stopped) {
      const photo = photos[i++ % photos.length] as Photo;
      // Not awaited one by one: a sample waits in the queue like any request, and must not slow the sampling.
      pending.push(
        classifyOnce(url, model, photo).then(
          (a) => void answers.push(a),
          (e: Error) => void failures.push(e.message),
        ),
      );
      await sleep(everyMs);
    }
  })();
  return {
    /** Stops sampling; resolves once every sample sent has its answer. */
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(pending);
      return { answers, failures };
    },
  };
}
