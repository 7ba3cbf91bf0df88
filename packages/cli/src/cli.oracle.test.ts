import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, readNpy, runOracle } from '@swsl/reference';
import { startHubServer } from '@swsl/test-servers';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-cli-oracle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home') };
const samples = ['samples/chelsea.jpg', 'samples/coffee.jpg', 'samples/rocket.jpg'];

interface OracleClassify {
  results: { image: string; indices: number[]; probabilities: number[] }[];
}

describeWithOracle('swsl against the seed’s PyTorch code', () => {
  it('classify --jsonl with an oracle-made resnet50 gives the seed’s top-5, in order, on the sample images', async () => {
    const checkpoint = join(work, 'resnet50.legacy.pth');
    runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy', '--seed', '5', '--out', checkpoint]);
    const torch = runOracle<OracleClassify>(['classify', '--checkpoint', checkpoint, '--arch', 'resnet50', ...samples]);
    const r = await runCli(
      ['classify', '--jsonl', '--model', 'resnet50_swsl', '--weights', checkpoint, '--device', 'cpu', ...samples],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const ours = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ours.map((o) => o.file)).toEqual(samples);
    for (const [i, o] of ours.entries()) {
      const t = torch.results[i]!;
      expect(
        o.predictions.map((p: { index: number }) => p.index),
        o.file,
      ).toEqual(t.indices);
      o.predictions.forEach((p: { probability: number }, k: number) => {
        expect(p.probability).toBeCloseTo(t.probabilities[k]!, 6);
      });
    }
  });

  it('classify --source hf downloads resnet50_swsl from the (imitation) hub as safetensors: the seed’s top-5', async () => {
    const prefix = join(work, 'hub-resnet50');
    runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy,safetensors', '--seed', '8', '--out', prefix]);
    const torch = runOracle<OracleClassify>([
      'classify',
      '--checkpoint',
      `${prefix}.legacy.pth`,
      '--arch',
      'resnet50',
      samples[0]!,
    ]);
    const hub = await startHubServer({
      files: { 'timm/resnet50.fb_swsl_ig1b_ft_in1k': { bytes: new Uint8Array(readFileSync(`${prefix}.safetensors`)) } },
    });
    try {
      const hubEnv = { SWSL_HOME: join(work, 'hub-home'), HF_ENDPOINT: hub.endpoint };
      const args = ['classify', '--source', 'hf', '--model', 'resnet50_swsl', '--json', '--device', 'cpu', samples[0]!];
      const r = await runCli(args, { env: hubEnv });
      expect(r.code, r.stderr).toBe(0);
      const [ours] = JSON.parse(r.stdout) as { predictions: { index: number; probability: number }[] }[];
      expect(ours!.predictions.map((p) => p.index)).toEqual(torch.results[0]!.indices);
      ours!.predictions.forEach((p, k) => {
        expect(p.probability).toBeCloseTo(torch.results[0]!.probabilities[k]!, 6);
      });
      // Verified against the hub's X-Linked-Etag and recorded; the second run is served from the cache.
      const manifest = JSON.parse(readFileSync(join(hubEnv.SWSL_HOME, 'manifest.json'), 'utf8'));
      const key = 'checkpoints/hf/timm/resnet50.fb_swsl_ig1b_ft_in1k/main/model.safetensors';
      expect(manifest.files[key]).toMatchObject({ origin: 'hf', variant: 'resnet50_swsl' });
      const requests = hub.requests.length;
      const again = await runCli(args, { env: hubEnv });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe(r.stdout);
      expect(hub.requests).toHaveLength(requests);
    } finally {
      await hub.close();
    }
  });

  it('preprocess writes the crop and tensor torchvision makes', async () => {
    const out = join(work, 'pre');
    const r = await runCli(['preprocess', '--npy', '-o', out, ...samples], { env });
    expect(r.code, r.stderr).toBe(0);
    const oracleDir = join(work, 'oracle-pre');
    runOracle(['preprocess', '--out', oracleDir, ...samples]);
    for (const image of samples) {
      const name = image.split('/').pop()!;
      const png = await sharp(readFileSync(join(out, `${name}.png`)))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(png.info).toMatchObject({ width: 224, height: 224, channels: 3 });
      const crop = readNpy(readFileSync(join(oracleDir, `${name}.crop.npy`)));
      expect(Buffer.compare(png.data, Buffer.from(crop.data as Uint8Array))).toBe(0);
      const ours = readNpy(readFileSync(join(out, `${name}.npy`)));
      const theirs = readNpy(readFileSync(join(oracleDir, `${name}.tensor.npy`)));
      expect(ours.shape).toEqual([1, 3, 224, 224]);
      let worst = 0;
      for (let i = 0; i < theirs.data.length; i++) {
        worst = Math.max(worst, Math.abs((ours.data[i] as number) - (theirs.data[i] as number)));
      }
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
  });
});
