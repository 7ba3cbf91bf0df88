import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { fixturePath } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';
import { startServeChild } from './test-support/serve-child.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-serve-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const tiny = fixturePath('tiny-basic.zip.pth');
const MODEL = 'tiny-basic.zip';
const CHELSEA = readFileSync(join(REPO, 'samples/chelsea.jpg'));
const COFFEE = readFileSync(join(REPO, 'samples/coffee.jpg'));

/** A PNG whose header declares `width`×`height` over a few bytes of data: a decompression bomb's header. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 << 20))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Case {
  readonly kind: string;
  readonly path: string;
  readonly body: Buffer | string;
  readonly type: string;
  /** The status it must get; for good requests, the top-1 class it must name. */
  readonly status: number;
  readonly top1?: number;
}

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

function badCases(): Case[] {
  const v1 = `/v1/models/${MODEL}/classify`;
  const v2 = `/v2/models/${MODEL}/infer`;
  const json = (o: unknown) => JSON.stringify(o);
  const bytesInput = (data: string[], shape = [data.length]) =>
    json({ inputs: [{ name: 'image', shape, datatype: 'BYTES', data }] });
  const makers: (() => Case)[] = [
    () => ({
      kind: 'truncated jpeg',
      path: v1,
      body: CHELSEA.subarray(0, 200 + Math.floor(random() * 5000)),
      type: 'image/jpeg',
      status: 400,
    }),
    () => {
      const noise = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(random() * 256)));
      noise.set([0xff, 0xd8, 0xff], 0);
      return { kind: 'noise with a JPEG signature', path: v1, body: noise, type: 'image/jpeg', status: 400 };
    },
    () => ({ kind: 'not an image', path: v1, body: 'hello, world', type: 'application/octet-stream', status: 400 }),
    () => ({ kind: 'png bomb header', path: v1, body: pngDeclaring(60000, 60000), type: 'image/png', status: 400 }),
    () => ({ kind: 'huge body', path: v1, body: Buffer.alloc(2.5 * 1024 * 1024, 1), type: 'image/jpeg', status: 413 }),
    () => ({
      kind: 'broken json',
      path: v2,
      body: '{"inputs": [{"name": "image",',
      type: 'application/json',
      status: 400,
    }),
    () => ({ kind: 'json not an object', path: v2, body: '[1,2,3]', type: 'application/json', status: 400 }),
    () => ({
      kind: 'wrong shape',
      path: v2,
      body: json({
        inputs: [{ name: 'input', shape: [1, 3, 32, 32], datatype: 'FP32', data: new Array(3072).fill(0) }],
      }),
      type: 'application/json',
      status: 400,
    }),
    () => ({
      kind: 'wrong datatype',
      path: v2,
      body: json({ inputs: [{ name: 'input', shape: [1], datatype: 'FP64', data: [1] }] }),
      type: 'application/json',
      status: 400,
    }),
    () => ({
      kind: 'shape/data mismatch',
      path: v2,
      body: bytesInput(['aGVsbG8='], [3]),
      type: 'application/json',
      status: 400,
    }),
    () => ({
      kind: 'base64 garbage',
      path: v2,
      body: bytesInput(['!!!notbase64!!!']),
      type: 'application/json',
      status: 400,
    }),
    () => ({
      kind: 'unknown model',
      path: '/v2/models/nope/infer',
      body: bytesInput([COFFEE.toString('base64')]),
      type: 'application/json',
      status: 404,
    }),
    () => ({ kind: 'unsupported media type', path: v1, body: 'x', type: 'text/html', status: 415 }),
  ];
  return Array.from({ length: 1100 }, (_, i) => (makers[i % makers.length] as () => Case)());
}

/**
 * One POST as a plain HTTP client sends it, the answer read as soon as it comes: a server that refuses a body over
 * its limit answers 413 and closes while the client is still sending, which fails the upload (EPIPE), not the answer.
 */
function post(base: string, c: Case): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = typeof c.body === 'string' ? Buffer.from(c.body) : c.body;
    const req = request(`${base}${c.path}`, {
      method: 'POST',
      headers: { 'content-type': c.type, 'content-length': body.length },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

/** A client that sends headers and 2 bytes of a 5000-byte body, then stops: it must get 408, not hold a slot. */
function slowDrip(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d;
    });
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.write(
      `POST /v1/models/${MODEL}/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\n\r\nab`,
    );
  });
}

describe('swsl serve under hostile input', () => {
  it('1,100 bad requests mixed with good ones: each bad one its 4xx, each good one its right answer, no crash', async () => {
    const expected = await runCli(
      ['classify', 'samples/chelsea.jpg', 'samples/coffee.jpg', '--weights', tiny, '--jsonl', '-k', '1'],
      { env },
    );
    const [chelsea, coffee] = expected.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).predictions[0].index as number);
    const server = await startServeChild(
      [
        '--weights',
        tiny,
        '--port',
        '0',
        '--device',
        'cpu',
        '--body-limit-mb',
        '2',
        '--request-timeout-ms',
        '1500',
        '--max-queue',
        '1024',
      ],
      env,
    );
    try {
      const good: Case[] = Array.from({ length: 200 }, (_, i) => ({
        kind: 'good',
        path: `/v1/models/${MODEL}/classify`,
        body: i % 2 ? CHELSEA : COFFEE,
        type: 'image/jpeg',
        status: 200,
        top1: (i % 2 ? chelsea : coffee) as number,
      }));
      const cases = [...badCases(), ...good].sort(() => random() - 0.5);
      const port = Number(new URL(server.url).port);
      const drips = Array.from({ length: 5 }, () => slowDrip(port));
      const outcomes: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++] as Case;
          const res = await post(server.url, c);
          const body = JSON.parse(res.text) as { code?: string; error?: string } & {
            predictions?: { index: number }[];
          }[];
          let ok = res.status === c.status;
          if (ok && c.top1 !== undefined)
            ok = (body as { predictions: { index: number }[] }[])[0]?.predictions[0]?.index === c.top1;
          if (ok && c.status >= 400)
            ok = typeof body.code === 'string' && typeof body.error === 'string' && !/\n\s+at /.test(body.error);
          if (!ok) outcomes.push(`${c.kind}: got ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      expect(outcomes).toEqual([]);
      expect(await Promise.all(drips)).toEqual(new Array(5).fill('HTTP/1.1 408 Request Timeout'));
      expect(server.child.exitCode).toBeNull();
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`swsl_queue_depth\\{model="${MODEL.replace('.', '\\.')}"\\} 0`));
    } finally {
      server.child.kill('SIGTERM');
      expect({ code: await server.exited, stderr: server.stderr() }).toEqual({
        code: 0,
        stderr: expect.not.stringContaining('cut off'),
      });
    }
  });
});
