import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describeWithOracle, runOracle } from '@swsl/reference';
import type { ArchSpec } from '@swsl/registry';
import { afterAll, it } from 'vitest';
import { expectConvertsLikeTorch } from './test-helpers/torch-parity.js';
import { storedMembers, writeZip } from './test-helpers/zip-bomb.js';

// Checkpoint shapes users meet besides the official files, made by the oracle at test time (tiny, seconds each).
const work = mkdtempSync(join(tmpdir(), 'swsl-variants-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const spec: ArchSpec = {
  block: 'bottleneck',
  layers: [1, 1, 2, 1],
  groups: 4,
  widthPerGroup: 8,
  numClasses: 20,
  baseWidth: 8,
};

const cases: { label: string; file: string; args: string[] }[] = [
  {
    label: 'zip, pickle protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL)',
    file: 'p4.zip.pth',
    args: ['--format', 'zip', '--pickle-protocol', '4'],
  },
  { label: 'legacy, pickle protocol 5', file: 'p5.legacy.pth', args: ['--format', 'legacy', '--pickle-protocol', '5'] },
  {
    label: '{state_dict: …} with DataParallel `module.` keys',
    file: 'wrapped.zip.pth',
    args: ['--format', 'zip', '--wrap', 'state_dict', '--module-prefix'],
  },
  { label: '{model: …}, legacy', file: 'model.legacy.pth', args: ['--format', 'legacy', '--wrap', 'model'] },
  { label: 'fp16 weights', file: 'half.zip.pth', args: ['--format', 'zip', '--dtype', 'fp16'] },
  {
    label: 'safetensors with bf16 weights',
    file: 'bf16.safetensors',
    args: ['--format', 'safetensors', '--dtype', 'bf16'],
  },
  {
    label: 'safetensors with `module.` keys',
    file: 'prefixed.safetensors',
    args: ['--format', 'safetensors', '--module-prefix'],
  },
  // A 21-character archive folder makes the first directory entry exactly as long as torch's redundant ZIP64
  // records, the layout that trips zip.js's offset "correction" (see formats/zip.ts).
  { label: 'zip whose archive folder has 21 characters', file: 'zip-folder-of-21-char.pth', args: ['--format', 'zip'] },
];

describeWithOracle('convert: pickle protocols, wrappers and dtypes made by torch', () => {
  it.each(cases)('$label', async ({ file, args }) => {
    const path = join(work, file);
    const input = join(work, 'x.npy');
    runOracle(['inputs', '--n', '2', '--size', '64', '--seed', '4', '--out', input]);
    runOracle(['checkpoint', '--arch', JSON.stringify(spec), ...args, '--seed', '9', '--out', path]);
    await expectConvertsLikeTorch(path, spec, input, file);
  });
});

describeWithOracle('convert: a storage entry longer than its storage, as torch.load reads it', () => {
  it.each([
    ['stored', 0],
    ['deflated', 8],
  ] as const)(
    '%s: every storage entry holds 8 bytes more than it needs; torch loads it, and so do we',
    async (_, method) => {
      const saved = join(work, `long-${method}.saved.pth`);
      const path = join(work, `long-${method}.zip.pth`);
      const input = join(work, 'x.npy');
      runOracle(['inputs', '--n', '2', '--size', '64', '--seed', '4', '--out', input]);
      runOracle(['checkpoint', '--arch', JSON.stringify(spec), '--format', 'zip', '--seed', '9', '--out', saved]);
      const members = storedMembers(new Uint8Array(readFileSync(saved))).map((m) => {
        if (!/\/data\/\d+$/.test(m.name)) return m;
        // Trailing bytes after the storage's own: nonzero, so reading them by mistake would change the weights.
        const data = new Uint8Array([...m.data, 1, 2, 3, 4, 5, 6, 7, 8]);
        const stored = method === 0;
        return {
          name: m.name,
          method,
          data: stored ? data : new Uint8Array(deflateRawSync(data)),
          size: data.length,
          crc: crc32(data),
        };
      });
      writeFileSync(path, writeZip(members));
      await expectConvertsLikeTorch(path, spec, input, `long entries, ${method === 0 ? 'stored' : 'deflated'}`);
    },
  );
});
