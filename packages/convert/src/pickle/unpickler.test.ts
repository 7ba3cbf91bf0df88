import { isSwslError } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { unpickle } from './unpickler.js';
import { PyDict, PyTuple, type PyValue } from './values.js';

// Protocol 0/1 pickles as CPython 3 writes them (pickle.dumps(v, 0|1)), and hand-made py2/INST ones.
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const load = (s: string) => unpickle(latin1(s), 0, { source: 't.pkl' }).value;
const plain = (v: PyValue): unknown =>
  v instanceof PyDict
    ? Object.fromEntries([...v.entries].map(([k, x]) => [String(k), plain(x)]))
    : v instanceof PyTuple
      ? { tuple: v.items.map(plain) }
      : Array.isArray(v)
        ? v.map(plain)
        : v;

const expected = {
  a: [1, -7, 2n ** 70n, 2.5, -1e-300, Number.POSITIVE_INFINITY, true, false, null, 'xé中😀', 'q\\\'"\n'],
  b: { tuple: [1, 2] },
  c: { n: [] },
};

describe('unpickler: protocols 0 and 1', () => {
  it('protocol 0 (DICT, LIST, PUT, INT, LONG, FLOAT, UNICODE, SETITEM, APPEND, TUPLE)', () => {
    const p0 =
      '(dp0\nVa\np1\n(lp2\nI1\naI-7\naL1180591620717411303424L\naF2.5\naF-1e-300\naFinf\naI01\naI00\naNaVx\xe9\\u4e2d\\U0001f600\np3\naVq\\u005c\'"\\u000a\np4\nasVb\np5\n(I1\nI2\ntp6\nsVc\np7\n(dp8\nVn\np9\n(lp10\nss.';
    expect(plain(load(p0))).toEqual(expected);
  });

  it('protocol 1 (binary forms plus INT and LONG as text)', () => {
    const p1 =
      '}q\x00(X\x01\x00\x00\x00aq\x01]q\x02(K\x01J\xf9\xff\xff\xffL1180591620717411303424L\nG@\x04\x00\x00\x00\x00\x00\x00G\x81\xa5n\x1f\xc2\xf8\xf3YG\x7f\xf0\x00\x00\x00\x00\x00\x00I01\nI00\nNX\n\x00\x00\x00x\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80q\x03X\x05\x00\x00\x00q\\\'"\nq\x04eX\x01\x00\x00\x00bq\x05(K\x01K\x02tq\x06X\x01\x00\x00\x00cq\x07}q\x08X\x01\x00\x00\x00nq\t]q\nsu.';
    expect(plain(load(p1))).toEqual(expected);
  });

  it('py2 STRING literals, GET, and an allow-listed class through INST and OBJ', () => {
    expect(load("(S'a\\x00b\\n\\'\\\\\\101'\np0\ng0\nt.")).toEqual(new PyTuple(["a\0b\n'\\A", "a\0b\n'\\A"]));
    expect(load('(icollections\nOrderedDict\n.')).toEqual(new PyDict(true));
    expect(load('(ccollections\nOrderedDict\no.')).toEqual(new PyDict(true));
  });

  it.each([
    ['GLOBAL', "cos\nsystem\n(S'echo'\ntR."],
    ['INST', "(S'echo'\nios\nsystem\n."],
    ['OBJ', "(cos\nsystem\nS'echo'\no."],
    ['INST of builtins.eval', "(S'1'\nibuiltins\neval\n."],
  ])('%s of a global outside the allow-list: E_UNSAFE_PICKLE, nothing called', (_label, pickle) => {
    let error: unknown;
    try {
      load(pickle);
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe('E_UNSAFE_PICKLE');
  });

  it.each([
    ['INT garbage', 'I12x\n.'],
    ['LONG too wide', `L${'9'.repeat(400)}L\n.`],
    ['FLOAT garbage', 'F1.2.3\n.'],
    ['STRING unquoted', 'Sabc\n.'],
    ['GET of a missing key', 'g5\n.'],
    ['PUT with a negative key', 'Np-1\n.'],
    ['unterminated line', 'I1'],
    ['DICT with an odd item count', '(I1\nd.'],
  ])('%s: a typed error', (_label, pickle) => {
    let error: unknown;
    try {
      load(pickle);
    } catch (e) {
      error = e;
    }
    expect(isSwslError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe('E_CORRUPT_CHECKPOINT');
  });
});
