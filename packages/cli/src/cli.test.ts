import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { VARIANTS } from '@swsl/registry';
import { closedPort } from '@swsl/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home') };
const tiny = fixturePath('tiny-basic.zip.pth');
const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('swsl', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help'], { env });
    expect(r.code).toBe(0);
    for (const command of ['models', 'pull', 'convert', 'classify', 'preprocess', 'cache']) {
      expect(r.stdout).toContain(command);
    }
    for (const sub of [
      ['classify', '--help'],
      ['cache', 'verify', '--help'],
      ['preprocess', '--help'],
    ]) {
      expect((await runCli(sub, { env })).code).toBe(0);
    }
  });

  it('models lists the 12 variants with the published numbers (and --json)', async () => {
    const r = await runCli(['models'], { env });
    expect(r.code).toBe(0);
    for (const v of VARIANTS)
      expect(r.stdout).toMatch(new RegExp(`^${v.name}\\s.*${v.published.top1.toFixed(1)}`, 'm'));
    const json = JSON.parse((await runCli(['models', '--json'], { env })).stdout);
    expect(json).toHaveLength(12);
    expect(json.find((row: { name: string }) => row.name === 'resnet50_swsl')).toMatchObject({
      top1: 81.2,
      top5: 96,
      gflops: 4,
      paramsPublishedM: 25,
      paramsCounted: 25_557_032,
      license: 'CC-BY-NC-4.0',
      cached: { checkpoint: false, onnx: [] },
    });
  });

  it('an unknown variant: one line with suggestions, exit 2', async () => {
    const r = await runCli(['classify', 'samples/chelsea.jpg', '--model', 'resnet50_swl'], { env });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/Unknown model variant "resnet50_swl".*resnet50_swsl.*\[E_UNKNOWN_VARIANT\]/);
  });

  it('a --weights file or convert input that does not exist: one typed line naming it, exit 1', async () => {
    for (const args of [
      ['classify', 'samples/chelsea.jpg', '--weights', 'missing/model.onnx'],
      ['classify', 'samples/chelsea.jpg', '--weights', 'missing/ckpt.pth'],
      ['convert', 'missing/ckpt.pth', '-o', join(work, 'never.onnx')],
    ]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/missing\/(model\.onnx|ckpt\.pth): no such file\. Check the path.*\[E_NOT_FOUND\]/);
    }
  });

  it('offline with an empty cache: one line naming the cache path and --weights, exit 1', async () => {
    const r = await runCli(['classify', 'samples/chelsea.jpg', '--offline'], { env });
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain(join(env.SWSL_HOME, 'checkpoints', 'semi_weakly_supervised_resnet50-16a12f1b.pth'));
    expect(r.stderr).toContain('--weights');
    expect(r.stderr).toContain('[E_OFFLINE]');
    const viaEnv = await runCli(['classify', 'samples/chelsea.jpg'], { env: { ...env, SWSL_OFFLINE: '1' } });
    expect(viaEnv.stderr).toBe(r.stderr);
  });

  it('without network: one line naming both URLs it tried, the cache path and --weights, exit 1', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const r = await runCli(['classify', 'samples/chelsea.jpg'], {
      env: { ...env, SWSL_WEIGHTS_BASE_URL: `${dead}/weights/`, HF_ENDPOINT: dead },
    });
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toContain(`${dead}/weights/semi_weakly_supervised_resnet50-16a12f1b.pth (E_NETWORK`);
    expect(r.stderr).toContain(`${dead}/timm/resnet50.fb_swsl_ig1b_ft_in1k/resolve/main/model.safetensors (E_NETWORK`);
    expect(r.stderr).toContain(join(env.SWSL_HOME, 'checkpoints', 'semi_weakly_supervised_resnet50-16a12f1b.pth'));
    expect(r.stderr).toMatch(/--weights <file>\. \[E_NETWORK\]$/m);
    // --source hf tries the hub alone; an unknown source is a usage error.
    const hf = await runCli(['classify', '--source', 'hf', 'samples/chelsea.jpg'], {
      env: { ...env, HF_ENDPOINT: dead },
    });
    expect(hf.stderr).toMatch(/^swsl: Could not download http:\/\/127\.0\.0\.1:\d+\/timm\/resnet50/);
    expect(hf.stderr).not.toContain('dl.fbaipublicfiles.com');
    const bad = await runCli(['classify', 'samples/chelsea.jpg'], { env: { ...env, SWSL_SOURCE: 'ftp' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SWSL_SOURCE=ftp is not a weight source');
  });

  it('a non-image and a missing file are reported with their codes and skipped; the rest is classified; exit 3', async () => {
    const notImage = join(work, 'notes.jpg');
    writeFileSync(notImage, 'this is not a JPEG\n');
    const r = await runCli(
      [
        'classify',
        '--weights',
        tiny,
        '--jsonl',
        '--device',
        'cpu',
        notImage,
        join(work, 'missing.png'),
        'samples/coffee.jpg',
      ],
      { env },
    );
    expect(r.code).toBe(3);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([notImage, join(work, 'missing.png'), 'samples/coffee.jpg']);
    expect(lines[0].error.code).toBe('E_NOT_AN_IMAGE');
    expect(lines[1].error.code).toBe('E_NOT_FOUND');
    expect(lines[2].predictions).toHaveLength(5);
    // Human output: one line per failure on stderr.
    const human = await runCli(['classify', '--quiet', '--weights', tiny, '--device', 'cpu', notImage], { env });
    expect(human.code).toBe(3);
    expect(oneLine(human.stderr)).toBe(true);
    expect(human.stderr.trim()).toMatch(new RegExp(`^error ${notImage}.*\\[E_NOT_AN_IMAGE\\]$`));
  });

  it('classify reads directories recursively, quoted globs and stdin', async () => {
    const dir = join(work, 'tree');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(join(dir, 'nested', 'cat.jpg'), readFileSync(join(REPO, 'samples/chelsea.jpg')));
    writeFileSync(join(dir, 'readme.txt'), 'skipped: not an image extension');
    const base = ['classify', '--weights', tiny, '--jsonl', '--device', 'cpu', '-k', '3'];
    const fromDir = await runCli([...base, dir], { env });
    expect(
      fromDir.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).file),
    ).toEqual([join(dir, 'nested', 'cat.jpg')]);
    const fromGlob = await runCli([...base, 'samples/*.jpg'], { env });
    expect(
      fromGlob.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).file),
    ).toEqual(['samples/chelsea.jpg', 'samples/coffee.jpg', 'samples/rocket.jpg']);
    const fromStdin = await runCli([...base, '-'], { env, input: readFileSync(join(REPO, 'samples/chelsea.jpg')) });
    const a = JSON.parse(fromStdin.stdout);
    const b = JSON.parse(fromDir.stdout);
    expect(a.file).toBe('-');
    expect(a.predictions).toEqual(b.predictions);
    expect(a.predictions).toHaveLength(3);
  });

  it('convert writes an ONNX file that classifies like its checkpoint', async () => {
    const out = join(work, 'tiny.onnx');
    const r = await runCli(['convert', tiny, '-o', out], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const viaOnnx = await runCli(['classify', '--weights', out, '--json', '--device', 'cpu', 'samples/rocket.jpg'], {
      env,
    });
    const viaPth = await runCli(['classify', '--weights', tiny, '--json', '--device', 'cpu', 'samples/rocket.jpg'], {
      env,
    });
    expect(viaOnnx.code).toBe(0);
    expect(JSON.parse(viaOnnx.stdout)).toEqual(JSON.parse(viaPth.stdout));
    const bad = await runCli(['convert', fixturePath('adversarial/os-system.zip.pth'), '-o', join(work, 'evil.onnx')], {
      env,
    });
    expect(bad.code).toBe(1);
    expect(oneLine(bad.stderr)).toBe(true);
    expect(bad.stderr).toContain('[E_UNSAFE_PICKLE]');
  });

  it('pull downloads from the mirror, refuses bytes that are not the official file, and keeps nothing', async () => {
    const { createServer } = await import('node:http');
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.includes('resnet18')) res.writeHead(200, { 'Content-Length': 11 }).end('not weights');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const home = join(work, 'pull-home');
    // The mirror alone (SWSL_SOURCE=fb): `auto` would go on to the Hugging Face hub after the 404.
    const e = { SWSL_HOME: home, SWSL_WEIGHTS_BASE_URL: `http://127.0.0.1:${port}/mirror/`, SWSL_SOURCE: 'fb' };
    try {
      const bad = await runCli(['pull', 'resnet18_swsl'], { env: e });
      expect(bad.code).toBe(1);
      expect(requests).toEqual(['/mirror/semi_weakly_supervised_resnet18-118f1556.pth']);
      const lines = bad.stderr.trim().split('\n');
      expect(lines.filter((l) => l.includes('CC-BY-NC-4.0'))).toHaveLength(1);
      expect(lines.at(-1)).toMatch(/^swsl: Checksum mismatch .*118f1556.*\[E_CHECKSUM\]$/);
      expect(JSON.parse((await runCli(['cache', 'ls', '--json'], { env: e })).stdout)).toEqual([]);
      const missing = await runCli(['pull', '-q', 'resnet50_ssl'], { env: e });
      expect(missing.code).toBe(1);
      expect(oneLine(missing.stderr)).toBe(true);
      expect(missing.stderr).toMatch(/HTTP 404.*--weights.*\[E_HTTP\]/);
    } finally {
      server.close();
    }
  });

  it('cache dir / ls / verify / rm work on what is in the cache', async () => {
    const home = join(work, 'cache-home');
    const e = { SWSL_HOME: home };
    expect((await runCli(['cache', 'dir'], { env: e })).stdout.trim()).toBe(home);
    // A file dropped in by hand under the official name, but not the official bytes.
    const name = 'semi_weakly_supervised_resnet18-118f1556.pth';
    mkdirSync(join(home, 'checkpoints'), { recursive: true });
    writeFileSync(join(home, 'checkpoints', name), 'not the official weights');
    const ls = await runCli(['cache', 'ls', '--json'], { env: e });
    expect(JSON.parse(ls.stdout).map((f: { key: string }) => f.key)).toEqual([`checkpoints/${name}`]);
    const verify = await runCli(['cache', 'verify'], { env: e });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/BAD\s+checkpoints\/semi_weakly_supervised_resnet18-118f1556\.pth: .*118f1556/);
    const rm = await runCli(['cache', 'rm', 'swsl_resnet18'], { env: e });
    expect(rm.code).toBe(0);
    expect(rm.stdout).toContain(`checkpoints/${name}`);
    expect(JSON.parse((await runCli(['cache', 'ls', '--json'], { env: e })).stdout)).toEqual([]);
    expect((await runCli(['cache', 'verify'], { env: e })).code).toBe(0);
  });
});
