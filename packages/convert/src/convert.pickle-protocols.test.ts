import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, runOracle } from '@swsl/reference';
import { type ArchSpec, isSwslError } from '@swsl/registry';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import { bytesSource } from './source.js';
import { expectConvertsLikeTorch } from './test-helpers/torch-parity.js';

// torch.save(..., pickle_protocol=N) for every N, legacy and zip, written by the oracle at test time. torch.load
// reads protocols 1–5 (1 has no PROTO opcode and writes INT/LONG as text); protocol 0 writes storages as text
// persistent ids, which torch.load itself fails on, so swsl refuses it with a typed error.
const work = mkdtempSync(join(tmpdir(), 'swsl-protocols-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const spec: ArchSpec = {
  block: 'basic',
  layers: [1, 1, 1, 1],
  groups: 1,
  widthPerGroup: 64,
  numClasses: 10,
  baseWidth: 4,
};
const input = join(work, 'x.npy');
const prefix = (protocol: number) => join(work, `p${protocol}`);

const cases = [1, 2, 3, 4, 5].flatMap((protocol) =>
  (['legacy', 'zip'] as const).map((format) => ({ protocol, format })),
);

describeWithOracle('convert: every pickle protocol torch.load reads', () => {
  beforeAll(() => {
    runOracle(['inputs', '--n', '2', '--size', '64', '--seed', '4', '--out', input]);
    for (const protocol of [0, 1, 2, 3, 4, 5]) {
      const args = ['--arch', JSON.stringify(spec), '--format', 'legacy,zip', '--seed', '3'];
      runOracle(['checkpoint', ...args, '--pickle-protocol', String(protocol), '--out', prefix(protocol)]);
    }
  }, 300_000);

  it.each(cases)('protocol $protocol, $format: torch-equal logits', async ({ protocol, format }) => {
    const path = `${prefix(protocol)}.${format}.pth`;
    await expectConvertsLikeTorch(path, spec, input, `p${protocol}.${format}`);
  });

  it.each(['legacy', 'zip'])(
    'protocol 0, %s (torch.load fails on it too): E_UNSUPPORTED_CHECKPOINT',
    async (format) => {
      const name = `p0.${format}.pth`;
      let error: unknown;
      try {
        await convertCheckpoint(bytesSource(readFileSync(`${prefix(0)}.${format}.pth`), name));
      } catch (e) {
        error = e;
      }
      expect(isSwslError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe('E_UNSUPPORTED_CHECKPOINT');
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).toMatch(/pickle protocol 0/);
    },
  );
});
