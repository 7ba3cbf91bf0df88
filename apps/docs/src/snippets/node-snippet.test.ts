import { fileURLToPath } from 'node:url';
import { describeWithOracle, fixturePath, readFixtureManifest, runOracle } from '@swsl/reference';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyFile } from '../../snippets/node-classify.js';

// The getting-started page shows this very file; here it runs on the committed tiny model (tiny-basic: a BasicBlock
// ResNet with 1000 classes and BatchNorm calibrated on real photos) instead of downloading resnet50_swsl.
const IMAGE = fileURLToPath(new URL('../../../../samples/chelsea.jpg', import.meta.url));
const CHECKPOINT = fixturePath('tiny-basic.zip.pth');

async function runSnippet() {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const top5 = await classifyFile(IMAGE, { checkpoint: CHECKPOINT });
  return { top5, printed: log.mock.calls.map((call) => String(call[0])) };
}

afterEach(() => vi.restoreAllMocks());

describe('the Node snippet (snippets/node-classify.ts)', () => {
  it('prints one line per class of the top-5 it returns', async () => {
    const { top5, printed } = await runSnippet();
    expect(top5).toHaveLength(5);
    expect(printed).toEqual(top5.map((p) => `${p.name.padEnd(24)} ${(100 * p.probability).toFixed(1)}%`));
    const probabilities = top5.map((p) => p.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  });
});

type OracleClassify = { results: { indices: number[]; probabilities: number[] }[] };

describeWithOracle('the Node snippet against PyTorch', () => {
  it('gives the seed’s preprocessing + model + softmax top-5 for the same checkpoint and photo', async () => {
    const arch = JSON.stringify(readFixtureManifest().models['tiny-basic']!.spec);
    const torch = runOracle<OracleClassify>(['classify', '--checkpoint', CHECKPOINT, '--arch', arch, IMAGE]);
    const { top5 } = await runSnippet();
    const [expected] = torch.results;
    expect(top5.map((p) => p.index)).toEqual(expected!.indices);
    for (const [k, p] of top5.entries()) expect(p.probability).toBeCloseTo(expected!.probabilities[k]!, 6);
  });
});
