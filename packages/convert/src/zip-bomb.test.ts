import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath, type MeasuredRun, runMeasuredChild } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { crcOfZeros, deflatedZeros, type MemberSpec, storedMembers, writeZip } from './test-helpers/zip-bomb.js';

// Zip bombs built here at test time (never committed): a real torch archive (tiny-basic) with one member replaced
// by 3 GiB of deflated zeros (~3 MB on disk, CRC correct), declaring its true size or lying about it. Each is
// converted by the CLI's code path in a child process, whose peak RSS (VmHWM) is the number that matters.
const GIB = 2 ** 30;
const BOMB = 3 * GIB;
const work = mkdtempSync(join(tmpdir(), 'swsl-zip-bomb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const child = fileURLToPath(new URL('./test-helpers/convert-child.ts', import.meta.url));
function convertInChild(path: string): MeasuredRun {
  return runMeasuredChild(child, [path, join(work, 'out.onnx')]);
}

const base = storedMembers(readFileSync(fixturePath('tiny-basic.zip.pth')));
const pickleName = base.find((m) => m.name.endsWith('/data.pkl'))!.name;
const storage = base.filter((m) => /\/data\/\d+$/.test(m.name)).sort((a, b) => b.size - a.size)[0]!;
const zeros = deflatedZeros(BOMB);
const zerosCrc = crcOfZeros(BOMB);

function withMember(name: string, replacement: Omit<MemberSpec, 'name'>): Uint8Array {
  return writeZip(base.map((m) => (m.name === name ? { name, ...replacement } : m)));
}

/**
 * Storage entries holding more than their storage needs: torch.load reads the bytes it needs and ignores the rest, so
 * these load — inflating only those bytes, whatever the entry declares.
 */
const longEntries: { label: string; file: string; bytes: () => Uint8Array }[] = [
  {
    label: 'a storage entry declaring its 3 GiB',
    file: 'storage-honest.pth',
    bytes: () => withMember(storage.name, { method: 8, data: zeros, size: BOMB, crc: zerosCrc }),
  },
  {
    label: 'a storage entry declaring 1 TiB (ZIP64)',
    file: 'storage-zip64.pth',
    bytes: () => withMember(storage.name, { method: 8, data: zeros, size: 1024 * GIB, crc: zerosCrc }),
  },
];

const bombs: { label: string; file: string; bytes: () => Uint8Array; entry: string; message: RegExp }[] = [
  {
    label: 'a storage entry declaring the right size but inflating to 3 GiB',
    file: 'storage-lying.pth',
    bytes: () => withMember(storage.name, { method: 8, data: zeros, size: storage.size, crc: storage.crc }),
    entry: storage.name,
    message: new RegExp(`inflates past its declared ${storage.size} bytes`),
  },
  {
    label: 'data.pkl declaring its 3 GiB',
    file: 'pickle-honest.pth',
    bytes: () => withMember(pickleName, { method: 8, data: zeros, size: BOMB, crc: zerosCrc }),
    entry: pickleName,
    message: /declares 3221225472 bytes but the pickle size limit is 67108864/,
  },
  {
    label: 'data.pkl declaring 5 kB but inflating to 3 GiB',
    file: 'pickle-lying.pth',
    bytes: () => withMember(pickleName, { method: 8, data: zeros, size: 5000, crc: 0 }),
    entry: pickleName,
    message: /inflates past its declared 5000 bytes/,
  },
  {
    label: 'data.pkl declaring just under the pickle limit, inflating to 3 GiB',
    file: 'pickle-at-limit.pth',
    bytes: () => withMember(pickleName, { method: 8, data: zeros, size: 63 * 2 ** 20, crc: 0 }),
    entry: pickleName,
    message: /inflates past its declared 66060288 bytes/,
  },
];

describe('zip bombs: an entry longer than its storage loads as torch loads it, reading only what it needs', () => {
  it.each(longEntries)('$label', ({ file, bytes }) => {
    const path = join(work, file);
    writeFileSync(path, bytes());
    const result = convertInChild(path);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.ms).toBeLessThan(2000);
    expect(result.peakKiB).toBeLessThan(256 * 1024);
    console.log(`${file}: ${result.ms.toFixed(0)} ms, peak RSS ${(result.peakKiB / 1024).toFixed(0)} MB`);
  });
});

describe('zip bombs: refused at the cap, fast, in bounded memory', () => {
  it.each(bombs)('$label', ({ file, bytes, entry, message }) => {
    const path = join(work, file);
    writeFileSync(path, bytes());
    const result = convertInChild(path);
    expect(result.ok, JSON.stringify(result)).toBe(false);
    expect(result.code).toBe('E_CORRUPT_CHECKPOINT');
    expect(result.message).toContain(file);
    expect(result.message).toContain(entry);
    expect(result.message).toMatch(message);
    expect(result.ms).toBeLessThan(2000);
    expect(result.peakKiB).toBeLessThan(256 * 1024);
    console.log(`${file}: ${result.ms.toFixed(0)} ms, peak RSS ${(result.peakKiB / 1024).toFixed(0)} MB`);
  });
});
