import fc from 'fast-check';
import { crc32 } from './crc32.js';
import { type Field, pickleMember, zipMembers } from './fields.js';
import type { JsonEdit } from './safetensors-edit.js';

/**
 * One edit of a valid input. Positions are fractions (of the input, or of its field list) so a case stays meaningful
 * whichever base input it is applied to and shrinks towards the start of the file.
 */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'field'; readonly field: number; readonly value: bigint }
  | { readonly kind: 'fieldFlip'; readonly field: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly keep: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'duplicate'; readonly from: number; readonly length: number; readonly to: number };

/** How a format's checksums and length prefixes are brought back in line after the edit (or left broken). */
export type Repair = 'none' | 'png-crc' | 'zip-crc' | 'safetensors-length';

export interface Case {
  /** Index into the format's valid inputs (taken modulo their number). */
  readonly base: number;
  readonly mutations: readonly Mutation[];
  /** Repair checksums after mutating, so the mutation reaches the parser behind the checksum. */
  readonly repair: boolean;
  /** A safetensors header edit (applied, with a re-computed length, to .safetensors seeds when `repair` is set). */
  readonly json?: JsonEdit;
}

/** Values parsers trip on: zero, one, all-ones, signed extremes, powers of two around 32-bit limits. */
const interesting = fc.constantFrom(
  0n,
  1n,
  2n,
  0x7fn,
  0x80n,
  0xffn,
  0x100n,
  0x7fffn,
  0x8000n,
  0xffffn,
  0x10000n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  0x7fffffffffffffffn,
  0xffffffffffffffffn,
);

// Uniform in [0, 1): fc.double spreads over float bit patterns (mostly tiny values) and fast-check's bias favours
// small integers; either would aim most edits at byte 0, the signature.
const fraction = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((n) => n / 2 ** 30);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fraction, value: fc.nat(255) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      field: fraction,
      value: fc.oneof(interesting, fc.bigInt({ min: 0n, max: 0xffffffffn })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fieldFlip' as const), field: fraction, bit: fc.nat(63) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fraction }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      count: fc.integer({ min: 1, max: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      from: fraction,
      length: fc.integer({ min: 1, max: 256 }),
      to: fraction,
    }),
  },
);

/** Values a hostile header puts where a dtype, a shape entry or an offset belongs. */
const jsonValue = fc.oneof(
  fc.constantFrom(0, 1, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, -(2 ** 53), 1e308, 'F32', 'F16', 'I64', 'X9', ''),
  fc.constantFrom(null, true, [], {}, [0], [0, 2 ** 40], [-1, 3], undefined),
  fc.integer({ min: -4, max: 300_000 }),
);

const jsonEditArb: fc.Arbitrary<JsonEdit> = fc.record({
  target: fraction,
  value: jsonValue,
  lengthDelta: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: -9, max: 9 }) },
  ),
});

export const caseArb: fc.Arbitrary<Case> = fc.record(
  {
    base: fc.noBias(fc.nat(1000)),
    mutations: fc.array(mutationArb, { minLength: 0, maxLength: 4 }),
    repair: fc.boolean(),
    json: jsonEditArb,
  },
  { requiredKeys: ['base', 'mutations', 'repair'] },
);

function writeField(bytes: Uint8Array, field: Field, value: bigint): void {
  for (let i = 0; i < field.width; i++) {
    const at = field.bigEndian ? field.at + field.width - 1 - i : field.at + i;
    if (at < bytes.length) bytes[at] = Number((value >> BigInt(8 * i)) & 0xffn);
  }
}

function readField(bytes: Uint8Array, field: Field): bigint {
  let value = 0n;
  for (let i = 0; i < field.width; i++) {
    const at = field.bigEndian ? field.at + field.width - 1 - i : field.at + i;
    value |= BigInt(bytes[at] ?? 0) << BigInt(8 * i);
  }
  return value;
}

/** Applies the edits in order to a copy of `input` (fields located in the original). */
export function applyMutations(
  input: Uint8Array,
  fields: readonly Field[],
  mutations: readonly Mutation[],
): Uint8Array {
  let bytes = new Uint8Array(input);
  const pos = (f: number) => Math.floor(f * bytes.length);
  const field = (f: number) => fields[Math.floor(f * fields.length)];
  for (const m of mutations) {
    if (bytes.length === 0) break;
    switch (m.kind) {
      case 'flip':
        bytes[pos(m.at)]! ^= 1 << m.bit;
        break;
      case 'byte':
        bytes[pos(m.at)] = m.value;
        break;
      case 'field': {
        const f = field(m.field);
        if (f) writeField(bytes, f, m.value);
        break;
      }
      case 'fieldFlip': {
        const f = field(m.field);
        if (f) writeField(bytes, f, readField(bytes, f) ^ (1n << BigInt(m.bit % (8 * f.width))));
        break;
      }
      case 'truncate':
        bytes = bytes.slice(0, pos(m.keep));
        break;
      case 'insert': {
        const at = pos(m.at);
        const out = new Uint8Array(bytes.length + m.bytes.length);
        out.set(bytes.subarray(0, at));
        out.set(m.bytes, at);
        out.set(bytes.subarray(at), at + m.bytes.length);
        bytes = out;
        break;
      }
      case 'delete': {
        const at = pos(m.at);
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
        break;
      }
      case 'duplicate': {
        const from = pos(m.from);
        const chunk = bytes.slice(from, from + m.length);
        const to = pos(m.to);
        bytes = new Uint8Array([...bytes.subarray(0, to), ...chunk, ...bytes.subarray(to)]);
        break;
      }
    }
  }
  return bytes;
}

/** Recomputes every PNG chunk CRC whose chunk still fits in the file. */
export function repairPngCrcs(b: Uint8Array): void {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  while (at + 12 <= b.length) {
    const length = view.getUint32(at);
    const crcAt = at + 8 + length;
    if (crcAt + 4 > b.length) return;
    view.setUint32(crcAt, crc32(b.subarray(at + 4, crcAt)));
    at = crcAt + 4;
  }
}

/** Recomputes the CRC of every stored member whose data still fits (both copies: local header and directory). */
export function repairZipCrcs(b: Uint8Array): void {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const m of zipMembers(b)) {
    if (m.method !== 0 || m.dataStart + m.size > b.length || m.localCrcAt + 4 > b.length) continue;
    const crc = crc32(b.subarray(m.dataStart, m.dataStart + m.size));
    view.setUint32(m.localCrcAt, crc, true);
    view.setUint32(m.centralCrcAt, crc, true);
  }
}

/** Where a zip's data.pkl is, for aiming mutations at pickle opcodes. */
export function pickleRange(b: Uint8Array): [number, number] | undefined {
  const m = pickleMember(b);
  return m ? [m.dataStart, m.dataStart + m.size] : undefined;
}
