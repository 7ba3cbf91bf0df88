import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { fixturePath } from '@swsl/reference';
import { isSwslError } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import { readStateDict } from './read-state-dict.js';
import { bytesSource } from './source.js';
import { type MemberSpec, storedMembers, writeZip } from './test-helpers/zip-bomb.js';

// Every way the zip library (zip.js) or the inflater (fflate) can fail on a damaged archive must surface as one of
// our typed errors naming the file (and the entry), never as the library's own message ("Ambiguous archive").
const FILE = 'damaged.pth';
const base = storedMembers(readFileSync(fixturePath('tiny-basic.zip.pth')));
const pickle = base.find((m) => m.name.endsWith('/data.pkl'))!;
const storage = base.filter((m) => /\/data\/\d+$/.test(m.name)).sort((a, b) => b.size - a.size)[0]!;

const rebuild = (change: (m: MemberSpec) => MemberSpec) => writeZip(base.map(change));
const only = (name: string, patch: Partial<MemberSpec>) => (m: MemberSpec) =>
  m.name === name ? { ...m, ...patch } : m;

/** Offsets of the central directory records (signature PK\1\2) in a zip. */
function centralRecords(zip: Uint8Array): { at: number; name: string }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: { at: number; name: string }[] = [];
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const n = view.getUint16(at + 28, true);
    out.push({ at, name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + n)) });
  }
  return out;
}

async function refusal(bytes: Uint8Array): Promise<{ code: string; message: string }> {
  let error: unknown;
  try {
    await convertCheckpoint(bytesSource(bytes, FILE));
  } catch (e) {
    error = e;
  }
  expect(isSwslError(error), `expected a typed error, got ${String(error)}`).toBe(true);
  const { code, message } = error as { code: string; message: string };
  expect(message).toContain(FILE);
  return { code, message };
}

describe('zip library failure paths become typed errors', () => {
  it.each([pickle, storage])('member $name marked deflated but actually stored (both headers)', async (member) => {
    const { code, message } = await refusal(rebuild(only(member.name, { method: 8 })));
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toContain(member.name);
    expect(message).toMatch(/does not inflate|inflates/);
  });

  it.each([pickle, storage])('member $name marked deflated in the central directory only', async (member) => {
    const bytes = writeZip(base);
    const record = centralRecords(bytes).find((r) => r.name === member.name)!;
    new DataView(bytes.buffer).setUint16(record.at + 10, 8, true);
    const { code, message } = await refusal(bytes);
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toContain(member.name);
    expect(message).toMatch(/method 0 in its local header but 8 in the central directory/);
  });

  it('a deflated member whose compressed stream is cut short', async () => {
    const whole = deflateRawSync(pickle.data);
    const data = whole.subarray(0, whole.length >> 1);
    const { code, message } = await refusal(rebuild(only(pickle.name, { method: 8, data })));
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toContain(pickle.name);
  });

  it('a deflated storage that inflates to less than it declares', async () => {
    const data = deflateRawSync(storage.data.subarray(0, storage.size - 4));
    const { code, message } = await refusal(rebuild(only(storage.name, { method: 8, data })));
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toMatch(new RegExp(`entry ${storage.name} inflates to ${storage.size - 4} bytes`));
  });

  it('a correctly deflated archive reads the same tensors (the inflate path itself works)', async () => {
    const bytes = rebuild((m) => (m.size > 64 ? { ...m, method: 8, data: deflateRawSync(m.data) } : m));
    const got = await readStateDict(bytesSource(bytes, FILE));
    const want = await readStateDict(readFileSync(fixturePath('tiny-basic.zip.pth')));
    expect([...got.tensors.keys()]).toEqual([...want.tensors.keys()]);
    for (const [name, tensor] of want.tensors) expect(await got.tensors.get(name)!.read()).toEqual(await tensor.read());
  });

  // Members read whole (the pickle, deflated storages) are CRC-checked: a bad CRC means a damaged download. Stored
  // storages are read in place, piece by piece, and not checked (torch 1.13 checks no CRC at all).
  it.each([
    ['the stored data.pkl', pickle, false],
    ['the deflated data.pkl', pickle, true],
    ['a deflated storage', storage, true],
  ] as const)('a bad CRC-32 on %s', async (_label, member, deflate) => {
    const bytes = rebuild(only(member.name, deflate ? { method: 8, data: deflateRawSync(member.data) } : {}));
    const record = centralRecords(bytes).find((r) => r.name === member.name)!;
    const view = new DataView(bytes.buffer);
    view.setUint32(record.at + 16, (view.getUint32(record.at + 16, true) ^ 0x10) >>> 0, true);
    const { code, message } = await refusal(bytes);
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toContain(`entry ${member.name} fails its CRC-32 check`);
  });

  it('a compression method torch never writes (bzip2): E_UNSUPPORTED_CHECKPOINT', async () => {
    const { code, message } = await refusal(rebuild(only(pickle.name, { method: 12 as 8 })));
    expect(code).toBe('E_UNSUPPORTED_CHECKPOINT');
    expect(message).toContain(`zip entry ${pickle.name} uses compression method 12`);
  });

  it('an encrypted member: E_UNSUPPORTED_CHECKPOINT', async () => {
    const bytes = writeZip(base);
    const view = new DataView(bytes.buffer);
    for (const { at } of centralRecords(bytes)) view.setUint16(at + 8, 1, true);
    const { code } = await refusal(bytes);
    expect(['E_UNSUPPORTED_CHECKPOINT', 'E_CORRUPT_CHECKPOINT']).toContain(code);
  });

  it('a truncated central directory (the end record counts more entries than there are)', async () => {
    const bytes = writeZip(base);
    const records = centralRecords(bytes);
    const cdStart = records[0]!.at;
    const cut = records[records.length - 1]!.at;
    // Drop the last directory record but keep the end record as it was.
    const out = new Uint8Array(bytes.length - (bytes.length - 22 - cut));
    out.set(bytes.subarray(0, cut), 0);
    out.set(bytes.subarray(bytes.length - 22), cut);
    new DataView(out.buffer).setUint32(cut + 16, cdStart, true);
    const { code, message } = await refusal(out);
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toMatch(/unreadable zip/);
  });

  it('two members named data.pkl (zip.js only warns)', async () => {
    const { code, message } = await refusal(writeZip([...base, pickle]));
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toContain(`zip entry ${pickle.name} appears twice`);
  });

  it("a directory record cut mid-way: zip.js's own error, typed and with its reason", async () => {
    const bytes = writeZip(base);
    const records = centralRecords(bytes);
    const last = records[records.length - 1]!.at;
    new DataView(bytes.buffer).setUint32(last, 0x12345678, true); // the last record loses its signature
    const { code, message } = await refusal(bytes);
    expect(code).toBe('E_CORRUPT_CHECKPOINT');
    expect(message).toMatch(/unreadable zip \(.+\)/);
  });
});
