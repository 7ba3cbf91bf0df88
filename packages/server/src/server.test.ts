import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { preprocess } from '@swsl/preprocess/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyServer } from './test-support/tiny-server.js';

const photo = (name: string) => new Uint8Array(readFileSync(new URL(`../../../samples/${name}`, import.meta.url)));
const CHELSEA = photo('chelsea.jpg');
const COFFEE = photo('coffee.jpg');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

type Tiny = Awaited<ReturnType<typeof startTinyServer>>;

const post = (server: Tiny, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? (body as RequestInit['body']) : JSON.stringify(body),
  });

const imageRequest = (...images: Uint8Array[]) => ({
  inputs: [{ name: 'image', shape: [images.length], datatype: 'BYTES', data: images.map(b64) }],
});

/** The binary extension as a client builds it: a JSON header, then each BYTES element as length (u32 LE) + bytes. */
function binaryImageRequest(images: Uint8Array[], outputs: unknown[]) {
  const elements = Buffer.concat(
    images.flatMap((img) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(img.length);
      return [length, Buffer.from(img)];
    }),
  );
  const header = Buffer.from(
    JSON.stringify({
      inputs: [
        { name: 'image', shape: [images.length], datatype: 'BYTES', parameters: { binary_data_size: elements.length } },
      ],
      outputs,
    }),
  );
  return { body: new Uint8Array(Buffer.concat([header, elements])), headerLength: header.length };
}

const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number))));

describe('swsl serve (the library), the Open Inference Protocol v2 on a real server', () => {
  let server: Tiny;
  beforeAll(async () => {
    server = await startTinyServer();
  });
  afterAll(() => server?.stop());

  it('answers the health, server and model metadata endpoints as the protocol specifies', async () => {
    expect(await (await fetch(`${server.url}/v2/health/live`)).json()).toEqual({ live: true });
    const ready = await fetch(`${server.url}/v2/health/ready`);
    expect(ready.status).toBe(200);
    const meta = (await (await fetch(`${server.url}/v2`)).json()) as { name: string; extensions: string[] };
    expect(meta.name).toBe('swsl');
    expect(meta.extensions).toEqual(expect.arrayContaining(['binary_tensor_data', 'classification']));
    const model = (await (await fetch(`${server.url}/v2/models/tiny`)).json()) as Record<string, unknown>;
    expect(model).toMatchObject({
      name: 'tiny',
      inputs: [
        { name: 'image', datatype: 'BYTES', shape: [-1] },
        { name: 'input', datatype: 'FP32', shape: [-1, 3, 224, 224] },
      ],
      outputs: [
        { name: 'logits', datatype: 'FP32', shape: [-1, 1000] },
        { name: 'features', datatype: 'FP32', shape: [-1, server.models[0]?.featureSize] },
      ],
    });
    expect((await fetch(`${server.url}/v2/models/tiny/ready`)).status).toBe(200);
    const unknown = await fetch(`${server.url}/v2/models/nope/ready`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'E_UNKNOWN_MODEL' });
  });

  it('BYTES images and the client-side FP32 tensor give the same logits as the classifier itself', async () => {
    const res = await post(server, '/v2/models/tiny/infer', { id: 'r1', ...imageRequest(CHELSEA, COFFEE) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; outputs: { name: string; shape: number[]; data: number[] }[] };
    expect(body.id).toBe('r1');
    const logits = body.outputs.find((o) => o.name === 'logits');
    expect(logits?.shape).toEqual([2, 1000]);
    expect(body.outputs.find((o) => o.name === 'features')?.shape).toEqual([2, server.models[0]?.featureSize]);
    const classifier = server.models[0]?.classifier;
    const direct = await classifier!.runPreprocessed(await preprocess(CHELSEA));
    const first = Float32Array.from(logits!.data.slice(0, 1000));
    const tolerance = 1e-5 * maxAbs(direct[0]!.logits);
    expect(maxDiff(first, direct[0]!.logits)).toBeLessThanOrEqual(tolerance);

    const tensor = await preprocess(CHELSEA);
    const fromTensor = await post(server, '/v2/models/tiny/infer', {
      inputs: [{ name: 'input', shape: [1, 3, 224, 224], datatype: 'FP32', data: Array.from(tensor.data) }],
      outputs: [{ name: 'logits' }],
    });
    const tensorLogits = ((await fromTensor.json()) as { outputs: { data: number[] }[] }).outputs[0]!.data;
    expect(maxDiff(tensorLogits, first)).toBeLessThanOrEqual(tolerance);
  });

  it('classification: k best as "score:index:label", the same ranking as classify()', async () => {
    const res = await post(server, '/v2/models/tiny/infer', {
      ...imageRequest(CHELSEA),
      outputs: [{ name: 'logits', parameters: { classification: 5 } }],
    });
    const out = ((await res.json()) as { outputs: { datatype: string; shape: number[]; data: string[] }[] })
      .outputs[0]!;
    expect(out.datatype).toBe('BYTES');
    expect(out.shape).toEqual([1, 5]);
    const [expected] = await server.models[0]!.classifier.classify(CHELSEA, { topK: 5 });
    expect(out.data).toEqual(expected!.map((p) => `${p.probability}:${p.index}:${p.name}`));
  });

  it('the binary tensor extension, both ways, carries the same values as JSON', async () => {
    const json = await post(server, '/v2/models/tiny/infer', {
      ...imageRequest(CHELSEA, COFFEE),
      outputs: [{ name: 'logits' }],
    });
    const jsonLogits = ((await json.json()) as { outputs: { data: number[] }[] }).outputs[0]!.data;
    const { body, headerLength } = binaryImageRequest(
      [CHELSEA, COFFEE],
      [
        { name: 'logits', parameters: { binary_data: true } },
        { name: 'logits', parameters: { classification: 1 } },
      ],
    );
    const res = await post(server, '/v2/models/tiny/infer', body, {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(headerLength),
    });
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer());
    const length = Number(res.headers.get('inference-header-content-length'));
    const head = JSON.parse(raw.subarray(0, length).toString()) as {
      outputs: { name: string; parameters?: { binary_data_size: number }; data?: string[] }[];
    };
    const size = head.outputs[0]!.parameters!.binary_data_size;
    expect(size).toBe(2 * 1000 * 4);
    expect(raw.length).toBe(length + size);
    const floats = new Float32Array(raw.buffer.slice(raw.byteOffset + length, raw.byteOffset + length + size));
    expect(Array.from(floats)).toEqual(jsonLogits.map((v) => Math.fround(v)));
    expect(head.outputs[1]!.data).toHaveLength(2);
  });

  it('/v1 classify and embed: an image body or multipart files → rows like `swsl classify --jsonl`', async () => {
    const res = await post(server, '/v1/models/tiny/classify?top_k=3', CHELSEA, { 'content-type': 'image/jpeg' });
    const rows = (await res.json()) as { file: string; predictions: { rank: number; index: number }[] }[];
    const [expected] = await server.models[0]!.classifier.classify(CHELSEA, { topK: 3 });
    expect(rows).toEqual([{ file: 'body', predictions: expected!.map((p, i) => ({ rank: i + 1, ...p })) }]);

    const form = new FormData();
    form.append('file', new Blob([COFFEE]), 'coffee.jpg');
    form.append('file', new Blob([CHELSEA]), 'chelsea.jpg');
    const multi = (await (
      await fetch(`${server.url}/v1/models/tiny/classify`, { method: 'POST', body: form })
    ).json()) as {
      file: string;
    }[];
    expect(multi.map((r) => r.file)).toEqual(['coffee.jpg', 'chelsea.jpg']);

    const embed = (await (
      await post(server, '/v1/models/tiny/embed', COFFEE, { 'content-type': 'image/jpeg' })
    ).json()) as {
      embedding: number[];
    }[];
    const [features] = await server.models[0]!.classifier.embed(COFFEE);
    expect(embed[0]!.embedding).toEqual(Array.from(features!));
  });

  it('bad requests get their 4xx, a code and a message naming the input; the server keeps answering', async () => {
    const cases: [string, unknown, Record<string, string>, number, string][] = [
      ['/v2/models/tiny/infer', '{"inputs": [', {}, 400, 'E_BAD_REQUEST'],
      ['/v2/models/tiny/infer', { inputs: [] }, {}, 400, 'E_BAD_REQUEST'],
      [
        '/v2/models/tiny/infer',
        { inputs: [{ name: 'input', shape: [1, 3, 10, 10], datatype: 'FP32', data: new Array(300).fill(0) }] },
        {},
        400,
        'E_BAD_TENSOR',
      ],
      [
        '/v2/models/tiny/infer',
        { inputs: [{ name: 'input', shape: [2], datatype: 'INT64', data: [1, 2] }] },
        {},
        400,
        'E_BAD_TENSOR',
      ],
      [
        '/v2/models/tiny/infer',
        { inputs: [{ name: 'image', shape: [2], datatype: 'BYTES', data: ['x'] }] },
        {},
        400,
        'E_BAD_TENSOR',
      ],
      ['/v2/models/tiny/infer', { ...imageRequest(CHELSEA), outputs: [{ name: 'probs' }] }, {}, 400, 'E_BAD_REQUEST'],
      ['/v2/models/missing/infer', imageRequest(CHELSEA), {}, 404, 'E_UNKNOWN_MODEL'],
      ['/v1/models/tiny/classify', 'hello', { 'content-type': 'text/plain' }, 415, 'E_UNSUPPORTED_MEDIA_TYPE'],
      [
        '/v1/models/tiny/classify',
        CHELSEA.subarray(0, 800),
        { 'content-type': 'image/jpeg' },
        400,
        'E_TRUNCATED_IMAGE',
      ],
      ['/nowhere', {}, {}, 404, 'E_NOT_FOUND'],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await post(server, path, body, headers);
      const answer = (await res.json()) as { error: string; code: string };
      expect({ path, status: res.status, code: answer.code }).toEqual({ path, status, code });
      expect(answer.error).not.toMatch(/\n\s+at /);
    }
    const bad = await post(server, '/v2/models/tiny/infer', {
      inputs: [{ name: 'image', shape: [2], datatype: 'BYTES', data: [b64(CHELSEA), b64(new Uint8Array([1, 2, 3]))] }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('image[1]');
    expect((await post(server, '/v2/models/tiny/infer', imageRequest(CHELSEA))).status).toBe(200);
  });

  it('/metrics: Prometheus text with the documented names', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'swsl_requests_total',
      'swsl_request_duration_seconds_bucket',
      'swsl_queue_duration_seconds_bucket',
      'swsl_compute_duration_seconds_bucket',
      'swsl_batch_size_bucket',
      'swsl_queue_depth',
      'swsl_images_total',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/swsl_requests_total\{model="tiny",endpoint="\/v2\/models\/:name\/infer",status="200"\} \d+/);
    expect(text).toContain('model="unknown"');
    expect(text).not.toContain('model="missing"');
  });
});

describe('swsl serve (the library): batching, limits, auth, shutdown', () => {
  it('concurrent requests run in shared batches (batch size histogram), each still answered correctly', async () => {
    const server = await startTinyServer({ maxBatch: 8, maxQueueDelayMs: 30 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          post(server, '/v1/models/tiny/classify?top_k=1', i % 2 ? CHELSEA : COFFEE, {
            'content-type': 'image/jpeg',
          }).then((r) => r.json() as Promise<{ predictions: { index: number }[] }[]>),
        ),
      );
      const [[chelsea], [coffee]] = [
        await server.models[0]!.classifier.classify(CHELSEA, { topK: 1 }),
        await server.models[0]!.classifier.classify(COFFEE, { topK: 1 }),
      ];
      expect(answers.map((rows) => rows[0]!.predictions[0]!.index)).toEqual(
        answers.map((_, i) => (i % 2 ? chelsea : coffee)![0]!.index),
      );
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const count = Number(/swsl_batch_size_count\{model="tiny"\} (\d+)/.exec(text)?.[1]);
      const sum = Number(/swsl_batch_size_sum\{model="tiny"\} (\d+)/.exec(text)?.[1]);
      expect(sum).toBe(16);
      expect(count).toBeLessThan(16);
    } finally {
      await server.stop();
    }
  });

  it('a full queue answers 503 with Retry-After (never 500); a body over the limit 413; a deadline 504', async () => {
    const server = await startTinyServer({ maxQueue: 1, maxQueueDelayMs: 20, bodyLimitMb: 0.2 });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 12 }, () =>
          post(server, '/v1/models/tiny/classify', CHELSEA, { 'content-type': 'image/jpeg' }).then(async (r) => ({
            status: r.status,
            retry: r.headers.get('retry-after'),
            code: ((await r.json()) as { code?: string }).code,
          })),
        ),
      );
      expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThan(0);
      const refused = statuses.filter((s) => s.status !== 200);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r).toEqual({ status: 503, retry: '1', code: 'E_QUEUE_FULL' });
      const big = await post(server, '/v1/models/tiny/classify', new Uint8Array(300_000), {
        'content-type': 'image/jpeg',
      });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { code: string }).code).toBe('E_BODY_TOO_LARGE');
    } finally {
      await server.stop();
    }
    const hurried = await startTinyServer({ deadlineMs: 1, maxQueueDelayMs: 50 });
    try {
      const res = await post(hurried, '/v1/models/tiny/classify', CHELSEA, { 'content-type': 'image/jpeg' });
      expect(res.status).toBe(504);
      expect(((await res.json()) as { code: string }).code).toBe('E_DEADLINE');
    } finally {
      await hurried.stop();
    }
  });

  it('an API key guards every endpoint but the health probes (Bearer, 401 otherwise)', async () => {
    const server = await startTinyServer({ apiKey: 's3cret' });
    try {
      expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
      expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
      const denied = await fetch(`${server.url}/v2/models/tiny`);
      expect(denied.status).toBe(401);
      expect(((await denied.json()) as { code: string }).code).toBe('E_UNAUTHORIZED');
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      expect(
        (await fetch(`${server.url}/v2/models/tiny`, { headers: { authorization: 'Bearer s3cret' } })).status,
      ).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('a client too slow to send its body gets 408 and holds no batch slot', async () => {
    const server = await startTinyServer({ requestTimeoutMs: 800 });
    try {
      const { port } = new URL(server.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let got = '';
        socket.on('data', (d) => {
          got += d;
        });
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
        socket.write(
          'POST /v1/models/tiny/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\n\r\nab',
        );
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(server.models[0]!.batcher.admittedImages).toBe(0);
      expect((await post(server, '/v1/models/tiny/classify', CHELSEA, { 'content-type': 'image/jpeg' })).status).toBe(
        200,
      );
    } finally {
      await server.stop();
    }
  });

  it('shutdown: not ready at once, every accepted request answered, then closed', async () => {
    // A long batching wait holds the 10 requests in the queue until all are in: then the shutdown starts.
    const server = await startTinyServer({ maxQueueDelayMs: 3000, maxBatch: 16 });
    const inFlight = Array.from({ length: 10 }, () =>
      post(server, '/v1/models/tiny/classify', CHELSEA, { 'content-type': 'image/jpeg' }).then((r) => r.status),
    );
    while (server.models[0]!.batcher.queuedImages < 10) await new Promise((r) => setTimeout(r, 10));
    const stopping = server.shutdown(10_000);
    expect(server.app.ready).toBe(false);
    const late = await post(server, '/v1/models/tiny/classify', CHELSEA, { 'content-type': 'image/jpeg' });
    expect(late.status).toBe(503);
    expect(((await late.json()) as { code: string }).code).toBe('E_SHUTTING_DOWN');
    expect(await Promise.all(inFlight)).toEqual(new Array(10).fill(200));
    expect(await stopping).toBe(true);
    await expect(fetch(`${server.url}/v2/health/live`)).rejects.toThrow();
    await server.stop();
  });
});
