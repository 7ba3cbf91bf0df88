import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIfAvailable, fixturePath, readNpy } from '@swsl/reference';
import { labelByWnid } from '@swsl/registry';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRedisServer, startTestRedis, type TestRedis } from '../test-support/redis-server.js';
import { BIN, REPO, runCli } from '../test-support/run-cli.js';

const redisServer = findRedisServer();
const work = mkdtempSync(join(tmpdir(), 'swsl-queue-'));
const env = { SWSL_HOME: join(work, 'home') };
const images = join(work, 'images');
const IMAGES = 204;
const CORRUPT = ['corrupt-text.jpg', 'corrupt-truncated.png'];

interface Worker {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** Resolves with the first stderr line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** A `swsl worker` child process (the built CLI), its stderr collected line by line. */
function startWorker(args: string[], hooks: object = {}): Worker {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', ...env, SWSL_QUEUE_TEST_HOOKS: JSON.stringify(hooks) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stderr!.on('data', (d) => {
    text += d;
    for (const w of [...waiters]) {
      const match = text.match(w.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    stderr: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = text.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`worker exited before ${pattern}:\n${text}`)));
      }),
  };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describeIfAvailable(
  'swsl queue / swsl worker on a real redis-server',
  {
    what: 'redis-server',
    available: redisServer !== undefined,
    reason: 'redis-server is not on PATH (apt-get install redis-server)',
    requiredBy: 'SWSL_REQUIRE_REDIS',
  },
  () => {
    let redis: TestRedis;
    let tiny: string;
    let base: string[];

    beforeAll(async () => {
      redis = await startTestRedis(redisServer!);
      // The tiny fixture model as ONNX once, so that each worker starts in a fraction of a second.
      tiny = join(work, 'tiny.onnx');
      const converted = await runCli(['convert', fixturePath('tiny-basic.zip.pth'), '-o', tiny], { env });
      expect(converted.code, converted.stderr).toBe(0);
      base = ['--redis', redis.url];
      // ≥ 200 small distinct images (the three samples resized, rotated, recoloured; JPEG and PNG) and two corrupt.
      mkdirSync(images, { recursive: true });
      const samples = ['chelsea', 'coffee', 'rocket'].map((s) => readFileSync(join(REPO, 'samples', `${s}.jpg`)));
      await Promise.all(
        Array.from({ length: IMAGES }, async (_, i) => {
          const image = sharp(samples[i % 3])
            .rotate((i % 4) * 90)
            .resize(40 + (i % 9) * 6)
            .modulate({ brightness: 0.7 + (i % 5) * 0.15, hue: (i * 17) % 360 });
          const name = `img-${String(i).padStart(3, '0')}`;
          if (i % 2) await image.png().toFile(join(images, `${name}.png`));
          else await image.jpeg({ quality: 70 + (i % 30) }).toFile(join(images, `${name}.jpg`));
        }),
      );
      writeFileSync(join(images, CORRUPT[0]!), 'this is not a JPEG\n');
      writeFileSync(join(images, CORRUPT[1]!), readFileSync(join(images, 'img-001.png')).subarray(0, 60));
    });

    afterAll(async () => {
      await redis?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it('3 workers, one SIGKILLed mid-chunk: every input exactly once, equal to a single-process classify', async () => {
      const submitted = await runCli(
        [
          'queue',
          'submit',
          images,
          ...base,
          '--queue',
          'main',
          '--weights',
          tiny,
          '--device',
          'cpu',
          '--threads',
          '1',
          '--batch',
          '4',
          '--chunk-size',
          '8',
          '--lock-ms',
          '1500',
        ],
        { env },
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stdout.trim()).toBe('main');
      expect(submitted.stderr).toContain(`queued ${IMAGES + 2} inputs in 26 chunks of 8`);

      const started = Date.now();
      const args = [...base, '--exit-when-idle', '--poll-ms', '200'];
      // The victim's batches are slow, so the kill lands while its chunk is half done.
      const victim = startWorker(args, { batchDelayMs: 400 });
      const [, victimChunk] = await victim.waitFor(/main (chunk-\d+) \(inputs \d+–\d+\) started/);
      const others = [startWorker(args), startWorker(args)];
      // Killed once its first batch's rows are written and its second batch is under way.
      for (let progress = ''; !/"done":4/.test(progress); await new Promise((r) => setTimeout(r, 20)))
        progress = (await redis.client.hget(`bull:main:${victimChunk}`, 'progress')) ?? '';
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      expect(victim.stderr()).not.toContain(`${victimChunk} done`);

      for (const w of others) expect((await w.exited).code, w.stderr()).toBe(0);
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`queue test: 3 workers, ${IMAGES + 2} inputs, one SIGKILLed: ${seconds.toFixed(1)} s\n`);
      // The killed chunk was taken over once its lock expired, by one of the others.
      const takenOver = others.map((w) => w.stderr()).join('');
      expect(takenOver).toMatch(new RegExp(`${victimChunk} \\(inputs [^\\n]*started \\(again: [^)]*worker lost 1×`));
      expect(await redis.client.hget(`bull:main:${victimChunk}`, 'stc')).toBe('1');

      const status = JSON.parse((await runCli(['queue', 'status', 'main', '--json', ...base], { env })).stdout);
      expect(status).toMatchObject({
        name: 'main',
        inputs: IMAGES + 2,
        done: IMAGES + 2,
        errors: 2,
        finished: true,
        chunks: { total: 26, done: 26, failed: 0, inFlight: 0, waiting: 0 },
        failures: [],
      });

      const out = join(work, 'main.jsonl');
      const results = await runCli(['queue', 'results', 'main', '-o', out, ...base], { env });
      expect(results.code, results.stderr).toBe(3); // some inputs failed: the two corrupt files
      const rows = jsonLines(readFileSync(out, 'utf8'));

      const single = await runCli(
        ['classify', '--jsonl', '--weights', tiny, '--device', 'cpu', '--threads', '1', '--batch', '4', images],
        { env },
      );
      expect(single.code).toBe(3);
      const expected = jsonLines(single.stdout);
      expect(expected).toHaveLength(IMAGES + 2);
      // Every input exactly once, in the same (input) order as classify's.
      expect(rows.map((r) => r.file)).toEqual(expected.map((r) => r.file));
      expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
      for (const [i, row] of rows.entries()) {
        const want = expected[i];
        if (want.error) {
          expect(row.error.code, row.file).toBe(want.error.code);
          continue;
        }
        expect(
          row.predictions.map((p: { index: number }) => p.index),
          row.file,
        ).toEqual(want.predictions.map((p: { index: number }) => p.index));
        for (const [k, p] of row.predictions.entries())
          expect(Math.abs(p.probability - want.predictions[k].probability), row.file).toBeLessThan(1e-6);
      }
      const errors = rows.filter((r) => r.error).map((r) => r.file.split('/').pop());
      expect(errors.sort()).toEqual([...CORRUPT].sort());
    });

    it('a chunk that keeps killing its worker is failed after --attempts, with the reason and the input', async () => {
      const dir = join(work, 'poison');
      mkdirSync(dir);
      for (const name of ['a.jpg', 'b.jpg', 'c-poison-marker.jpg', 'd.jpg'])
        copyFileSync(join(REPO, 'samples/chelsea.jpg'), join(dir, name));
      const submit = [...['queue', 'submit', dir, ...base, '--queue', 'poison', '--weights', tiny, '--device', 'cpu']];
      const r = await runCli([...submit, '--chunk-size', '2', '--lock-ms', '800', '--attempts', '2'], { env });
      expect(r.code, r.stderr).toBe(0);
      // A supervisor (as systemd's Restart=always): a worker that dies is replaced, until one finds no work left.
      let crashes = 0;
      for (let spawned = 0; spawned < 6; spawned++) {
        const w = startWorker([...base, '--queue', 'poison', '--exit-when-idle', '--poll-ms', '200'], {
          crashOn: 'poison-marker',
        });
        const { code, signal } = await w.exited;
        if (signal === 'SIGKILL') {
          crashes++;
          continue;
        }
        expect(code, w.stderr()).toBe(0);
        break;
      }
      expect(crashes).toBe(2);
      const status = JSON.parse((await runCli(['queue', 'status', 'poison', '--json', ...base], { env })).stdout);
      expect(status.chunks).toMatchObject({ done: 1, failed: 1, waiting: 0, inFlight: 0 });
      expect(status.failures).toHaveLength(1);
      expect(status.failures[0]).toMatchObject({
        chunk: 'chunk-1',
        start: 2,
        end: 4,
        workerLost: 2,
        lastInput: join(dir, 'c-poison-marker.jpg'),
      });
      expect(status.failures[0].reason).toMatch(/stalled more than allowable limit/);
      const human = await runCli(['queue', 'status', 'poison', ...base], { env });
      expect(human.stdout).toMatch(
        /failed\s+chunk-1 \(inputs 2–3\): its worker died or froze 2×.*c-poison-marker\.jpg/,
      );
      // Its inputs are error rows in the results, the other chunk's are classified.
      const rows = jsonLines((await runCli(['queue', 'results', 'poison', ...base], { env })).stdout);
      expect(rows.map((row) => row.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'E_CHUNK_FAILED', 'E_CHUNK_FAILED']);
    });

    it('SIGTERM: the worker finishes its chunk, takes no other, and exits 0; queue clean removes the job', async () => {
      const dir = join(work, 'drain');
      mkdirSync(dir);
      for (let i = 0; i < 12; i++)
        copyFileSync(
          join(images, `img-${String(i).padStart(3, '0')}.${i % 2 ? 'png' : 'jpg'}`),
          join(dir, `${i}.${i % 2 ? 'png' : 'jpg'}`),
        );
      const r = await runCli(
        ['queue', 'submit', dir, ...base, '--queue', 'drain', '--weights', tiny, '--chunk-size', '4', '--batch', '2'],
        { env },
      );
      expect(r.code, r.stderr).toBe(0);
      const w = startWorker([...base, '--queue', 'drain', '--poll-ms', '200'], { batchDelayMs: 300 });
      const [, chunk] = await w.waitFor(/drain (chunk-\d+) \(inputs \d+–\d+\) started/);
      w.child.kill('SIGTERM');
      expect((await w.exited).code, w.stderr()).toBe(0);
      expect(w.stderr()).toContain('SIGTERM: finishing the current chunk, then exiting');
      expect(w.stderr()).toContain(`${chunk} done: 4 rows, 0 errors`);
      expect(w.stderr().match(/started/g)).toHaveLength(1);
      const status = JSON.parse((await runCli(['queue', 'status', 'drain', '--json', ...base], { env })).stdout);
      expect(status).toMatchObject({ done: 4, chunks: { done: 1, waiting: 2, inFlight: 0, failed: 0 } });
      // Not done: results refuse without --partial, and give the 4 rows with it.
      const refused = await runCli(['queue', 'results', 'drain', ...base], { env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/8 inputs not done yet.*--partial.*\[E_NOT_DONE\]/);
      const partial = await runCli(['queue', 'results', 'drain', '--partial', ...base], { env });
      expect(jsonLines(partial.stdout)).toHaveLength(4);

      const clean = await runCli(['queue', 'clean', 'drain', ...base], { env });
      expect(clean.code, clean.stderr).toBe(0);
      expect(await redis.client.keys('*drain*')).toEqual([]);
      expect(await redis.client.zrange('swsl:jobs', 0, '-1')).not.toContain('drain');
    });

    it('one worker serves every job in the registry: eval from a JSON-lines manifest of URLs and paths, embed to .npy', async () => {
      const jpeg = readFileSync(join(REPO, 'samples/coffee.jpg'));
      const server: Server = createServer((req, res) => {
        if (req.url === '/coffee.jpg') res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg);
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      try {
        const manifest = join(work, 'eval.jsonl');
        writeFileSync(
          manifest,
          [
            { input: `${origin}/coffee.jpg`, label: 967 },
            { input: `${origin}/missing.jpg`, label: 0 },
            { input: join(REPO, 'samples/rocket.jpg'), label: 'n04266014' },
            { input: 'images/img-000.jpg', label: 389 },
          ]
            .map((row) => JSON.stringify(row))
            .join('\n'),
        );
        const common = [...base, '--weights', tiny, '--device', 'cpu', '--chunk-size', '2'];
        const ev = await runCli(['queue', 'submit', manifest, '--task', 'eval', '--queue', 'eval', ...common], { env });
        expect(ev.code, ev.stderr).toBe(0);
        const list = join(work, 'embed.txt');
        writeFileSync(list, `# two images\n${join(REPO, 'samples/chelsea.jpg')}\nimages/img-002.jpg\n`);
        const em = await runCli(['queue', 'submit', list, '--task', 'embed', '--queue', 'embed', ...common], { env });
        expect(em.code, em.stderr).toBe(0);

        const w = startWorker([...base, '--exit-when-idle', '--poll-ms', '200']);
        expect((await w.exited).code, w.stderr()).toBe(0);
        // Both jobs use the same model: loaded once.
        expect(w.stderr().match(/loading /g), w.stderr()).toHaveLength(1);

        const evalRows = await runCli(['queue', 'results', 'eval', ...base], { env });
        const rows = jsonLines(evalRows.stdout);
        expect(rows.map((row) => row.file)).toEqual([
          `${origin}/coffee.jpg`,
          `${origin}/missing.jpg`,
          join(REPO, 'samples/rocket.jpg'),
          join(work, 'images/img-000.jpg'),
        ]);
        expect(rows.map((row) => row.label)).toEqual([967, 0, labelByWnid('n04266014')!.index, 389]);
        expect(rows[1].error).toMatchObject({ code: 'E_FETCH' });
        expect(rows[1].error.message).toContain('HTTP 404');
        for (const row of [rows[0], rows[2], rows[3]]) expect(row.predictions).toHaveLength(5);
        const top1 = [rows[0], rows[2], rows[3]].filter((row) => row.predictions[0].index === row.label).length;
        const top5 = [rows[0], rows[2], rows[3]].filter((row) =>
          row.predictions.some((p: { index: number }) => p.index === row.label),
        ).length;
        const pct = (n: number) => ((100 * n) / 3).toFixed(2);
        expect(evalRows.stderr).toMatch(
          new RegExp(
            `evaluated 3: top-1 ${top1} \\(${pct(top1)}%, 95% CI [\\d.]+–[\\d.]+\\), top-5 ${top5} \\(${pct(top5)}%.*; 1 inputs failed`,
          ),
        );

        const npy = join(work, 'embed.npy');
        const embed = await runCli(['queue', 'results', 'embed', '-o', npy, ...base], { env });
        expect(embed.code, embed.stderr).toBe(0);
        const features = readNpy(readFileSync(npy));
        const width = features.shape[1]!;
        expect(features.shape).toEqual([2, width]);
        expect(width).toBeGreaterThan(0);
        expect(embed.stdout).toBe(`${npy}\n${join(work, 'embed.index.jsonl')}\n`);
        expect(jsonLines(readFileSync(join(work, 'embed.index.jsonl'), 'utf8'))).toEqual([
          { row: 0, file: join(REPO, 'samples/chelsea.jpg') },
          { row: 1, file: join(work, 'images/img-002.jpg') },
        ]);
        const jsonl = jsonLines((await runCli(['queue', 'results', 'embed', ...base], { env })).stdout);
        expect(Float32Array.from(jsonl[0].embedding)).toEqual(features.data.subarray(0, width));
      } finally {
        server.close();
      }
    });
  },
);
