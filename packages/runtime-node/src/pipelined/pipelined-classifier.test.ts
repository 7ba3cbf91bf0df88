import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NodeImageInput } from '@swsl/preprocess/node';
import { fixturePath } from '@swsl/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, type NodeClassifier } from '../create-classifier.js';
import { type PipelineEvent, type StreamResult, withPipeline } from './pipelined-classifier.js';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = join(fixturePath('.'), '../../..');
// Workers started from these sources load them through tsx, with workspace packages mapped to their sources too.
process.env.TSX_TSCONFIG_PATH = join(here, 'test-support', 'sources-tsconfig.json');

const checkpoint = fixturePath('tiny-basic.legacy.pth');
const BATCH = 3;
let dir: string;
let corrupt: string;
let images: string[];
let sequential: NodeClassifier;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'swsl-pipelined-'));
  corrupt = join(dir, 'corrupt.jpg');
  // A JPEG that ends inside its first segment: sharp refuses it, as Pillow would.
  writeFileSync(corrupt, Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49]));
  const fixture = (name: string) => fixturePath(join('preprocess', name));
  // Real photos and small images of other formats and modes (TIFF CMYK, 16-bit gray, palette with transparency).
  images = [
    join(REPO, 'samples/chelsea.jpg'),
    join(REPO, 'samples/coffee.jpg'),
    fixture('rgb-40x41.png'),
    fixture('cmyk-25x25.tiff'),
    corrupt,
    join(REPO, 'samples/rocket.jpg'),
    fixture('gray16-23x19.png'),
    fixture('palette-trns-interlaced-21x30.png'),
    join(dir, 'missing.jpg'),
    fixture('la-30x22.png'),
  ];
  sequential = await createClassifier({ checkpoint }, { device: 'cpu', batchSize: BATCH });
});

afterAll(async () => {
  await sequential?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(stream: AsyncIterable<StreamResult>): Promise<StreamResult[]> {
  const out: StreamResult[] = [];
  for await (const result of stream) out.push(result);
  return out;
}

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe.each([0, 2])('withPipeline, decodeWorkers %i', (decodeWorkers) => {
  it('gives the sequential classifier’s logits bit for bit, batch by batch, in input order, with error rows', async () => {
    const classifier = withPipeline(await createClassifier({ checkpoint }, { device: 'cpu', batchSize: BATCH }), {
      decodeWorkers,
    });
    try {
      const results = await collect(classifier.stream(images, { logits: true, features: true }));
      expect(results.map((r) => [r.index, r.name])).toEqual(images.map((name, i) => [i, name]));
      const errors = results.flatMap((r) => ('error' in r ? [[r.name, r.error.code]] : []));
      expect(errors).toEqual([
        [corrupt, 'E_TRUNCATED_IMAGE'],
        [join(dir, 'missing.jpg'), 'E_NOT_FOUND'],
      ]);
      const failed = results.find((r) => r.name === corrupt);
      expect(failed && 'error' in failed && failed.error.message).toContain(corrupt);

      // The reference: the sequential classifier on the same batches (a batch's failed images left out).
      for (let start = 0; start < images.length; start += BATCH) {
        const batch = results.slice(start, start + BATCH).filter((r) => !('error' in r));
        const inputs = batch.map((r) => r.name);
        const predictions = await sequential.classify(inputs, { topK: 1000 });
        const features = await sequential.embed(inputs);
        batch.forEach((r, i) => {
          if ('error' in r) return;
          const logits = new Float32Array(1000);
          for (const p of predictions[i] ?? []) logits[p.index] = p.logit;
          expect(bits(r.logits as Float32Array), r.name).toBe(bits(logits));
          expect(bits(r.features as Float32Array), r.name).toBe(bits(features[i] as Float32Array));
          expect(r.predictions).toEqual(predictions[i]?.slice(0, 5));
        });
      }
    } finally {
      await classifier.dispose();
    }
  });
});

describe('withPipeline: memory and failures', () => {
  it('keeps at most batchesInFlight batches in memory, even when the consumer is slow', async () => {
    const events: PipelineEvent[] = [];
    const classifier = withPipeline(await createClassifier({ checkpoint }, { device: 'cpu', batchSize: 2 }), {
      decodeWorkers: 2,
      batchesInFlight: 3,
      onEvent: (e) => events.push(e),
    });
    const inputs = Array.from({ length: 10 }, () => images.filter((f) => f !== corrupt && !f.includes('missing')));
    const flat = inputs.flat().slice(0, 24);
    // A lazy source that records how far it has been read.
    let read = 0;
    async function* source(): AsyncGenerator<NodeImageInput> {
      for (const f of flat) {
        read++;
        yield f;
      }
    }
    const seen: { index: number; read: number; submitted: number }[] = [];
    try {
      for await (const r of classifier.stream(source(), { topK: 1 })) {
        seen.push({ index: r.index, read, submitted: events.filter((e) => e.type === 'submit').length });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await classifier.dispose();
    }
    expect(seen.map((s) => s.index)).toEqual(flat.map((_, i) => i));
    // While batch b is handed out, at most batches b … b+2 exist: b (ran) and two decoding or waiting.
    for (const s of seen) {
      const batch = Math.floor(s.index / 2);
      expect(s.submitted, `at result ${s.index}`).toBeLessThanOrEqual(batch + 3);
      expect(s.read).toBeLessThanOrEqual((batch + 3) * 2);
    }
    const inFlight = events.flatMap((e) => (e.type === 'submit' ? [e.inFlight] : []));
    expect(Math.max(...inFlight)).toBe(3);
    expect(events.filter((e) => e.type === 'run')).toHaveLength(12);
  });

  it('a batch its worker cannot take becomes typed error rows (E_DECODE_WORKER); the other batches run', async () => {
    const classifier = withPipeline(await createClassifier({ checkpoint }, { device: 'cpu', batchSize: 2 }), {
      decodeWorkers: 1,
    });
    // Pixels carrying a function cannot be sent to a worker thread (structured clone refuses them).
    const unsendable = { data: new Uint8Array(12), width: 2, height: 2, channels: 3, hook: () => {} };
    const inputs: NodeImageInput[] = [images[0] as string, images[1] as string, unsendable, images[2] as string];
    try {
      const results = await collect(classifier.stream(inputs));
      expect(results.map((r) => ('error' in r ? r.error.code : 'ok'))).toEqual([
        'ok',
        'ok',
        'E_DECODE_WORKER',
        'E_DECODE_WORKER',
      ]);
      const row = results[3];
      expect(row && 'error' in row && row.error.message).toMatch(/rgb-40x41\.png: the decode worker failed .*clone/);
    } finally {
      await classifier.dispose();
    }
  });

  interface DisposeReport {
    results: number;
    threads: { before?: { own: number }; streaming?: { own: number }; disposed?: { own: number } };
    mainThreadSharp: string[];
  }
  const runDisposeChild = async (decodeWorkers: number): Promise<DisposeReport> => {
    const child = join(here, 'test-support', 'dispose-child.ts');
    const args = ['--import', 'tsx', child, String(decodeWorkers), checkpoint, ...images.slice(0, 4)];
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env }, timeout: 60_000 });
    return JSON.parse(stdout) as DisposeReport;
  };

  it('dispose stops the workers (their threads are gone); decoding stays in them; the process exits by itself', async () => {
    const { results, threads, mainThreadSharp } = await runDisposeChild(2);
    expect(results).toBe(4);
    // The main thread never loads sharp: every decode (JPEG and TIFF among these four) ran in a worker.
    expect(mainThreadSharp).toEqual([]);
    if (threads.before !== undefined) {
      // Linux: the two workers' threads exist while streaming and are gone after dispose. Counted: threads named as
      // the main thread (a worker inherits its name); libvips' own pool, process-wide, is named apart and left out.
      expect(threads.streaming?.own).toBeGreaterThanOrEqual(threads.before.own + 2);
      expect(threads.disposed?.own).toBeLessThanOrEqual(threads.before.own);
    }
  });

  it('the main-thread module check sees sharp when decoding runs in the main thread (decodeWorkers 0)', async () => {
    const { results, mainThreadSharp } = await runDisposeChild(0);
    expect(results).toBe(4);
    expect(mainThreadSharp.some((url) => /sharp/.test(url))).toBe(true);
  });

  it('inputs that yield no image end the stream with E_NO_INPUT (NoInputError), not an empty success', async () => {
    const classifier = withPipeline(sequential, { decodeWorkers: 0 });
    async function* nothing(): AsyncGenerator<NodeImageInput> {}
    for (const inputs of [[], nothing()]) {
      await expect(collect(classifier.stream(inputs))).rejects.toMatchObject({
        name: 'NoInputError',
        code: 'E_NO_INPUT',
        message: expect.stringContaining('no image to process'),
      });
    }
  });

  it('refuses counts that are not integers', async () => {
    expect(() => withPipeline(sequential, { decodeWorkers: -1 })).toThrow(/decodeWorkers/);
    expect(() => withPipeline(sequential, { batchesInFlight: 0 })).toThrow(/batchesInFlight/);
  });
});
