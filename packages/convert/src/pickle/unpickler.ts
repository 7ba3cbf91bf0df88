import { CorruptCheckpointError, UnsafePickleError, UnsupportedCheckpointError } from '../errors.js';
import { lookupAllowedGlobal } from './allowed-globals.js';
import { type PyCallable, PyDict, PyTuple, type PyValue } from './values.js';

/**
 * A restricted unpickler for protocols 0–5 (torch.save writes 2 by default; `pickle_protocol=` picks any other): it
 * understands the opcodes a state dict uses, binary and text forms,
 * resolves globals only from an allow-list (an unknown global is an `E_UNSAFE_PICKLE` at the GLOBAL opcode, before
 * anything is called), and checks every declared length against the bytes actually present before reading it.
 */
export interface UnpickleOptions {
  /** For error messages: the file (and entry) being read. */
  readonly source: string;
  /** BINPERSID: torch's storage references. */
  readonly persistentLoad?: (pid: PyValue) => PyValue;
}

export interface UnpickleResult {
  readonly value: PyValue;
  /** Offset just past the STOP opcode (legacy files hold several pickles back to back). */
  readonly end: number;
}

/** The pickle ran past the bytes it was given: a caller reading a prefix of a file may retry with more. */
export class ShortPickleError extends CorruptCheckpointError {}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

const decoder = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions): UnpickleResult {
  const { source } = options;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();
  let pos = start;

  const corrupt = (detail: string): never => {
    throw new CorruptCheckpointError(source, `${detail} (pickle offset ${pos})`);
  };
  const need = (n: number) => {
    if (n < 0 || pos + n > bytes.length) {
      throw new ShortPickleError(source, `the pickle needs ${n} more bytes at offset ${pos} but the data ends`);
    }
  };
  const u8 = () => {
    need(1);
    return bytes[pos++] as number;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) corrupt('absurd length');
    return Number(v);
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  /** A newline-terminated argument (GLOBAL names, and every protocol 0/1 text opcode), at most `max` bytes. */
  const line = (what = 'GLOBAL name', max = 1024) => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 && bytes.length - pos <= max) need(bytes.length - pos + 1); // a prefix of a larger file: read more
    if (end < 0 || end - pos > max) corrupt(`unterminated ${what}`);
    const text = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  /** INT/LONG/PUT/GET text: decimal digits (LONG may end in `L`); 155 digits ≈ LONG4's 512-bit limit. */
  const decimal = (what: string): number | bigint => {
    const text = line(what, 160);
    const digits = what === 'LONG' && text.endsWith('L') ? text.slice(0, -1) : text;
    if (!/^[-+]?\d{1,155}$/.test(digits)) corrupt(`bad ${what} argument`);
    const v = BigInt(digits);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const memoKey = (what: string): number => {
    const key = decimal(what);
    if (typeof key !== 'number' || key < 0) return corrupt(`bad ${what} memo key`);
    return key;
  };
  const utf8 = (n: number) => {
    try {
      return decoder.decode(take(n));
    } catch {
      return corrupt('invalid UTF-8 string');
    }
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return corrupt('stack underflow');
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return corrupt('stack underflow');
    return v;
  };
  const popMark = (): PyValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) corrupt('MARK missing');
    const items = stack.splice(at) as StackItem[];
    items.shift();
    return items as PyValue[];
  };
  const global = (module: string, name: string): PyValue => {
    const value = lookupAllowedGlobal(module, name);
    if (value === undefined) throw new UnsafePickleError(`${module}.${name}`, source);
    return value;
  };
  const setItems = (target: PyValue, items: PyValue[]) => {
    if (!(target instanceof PyDict) || items.length % 2) corrupt('SETITEM(S) on a non-dict');
    const dict = target as PyDict;
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      if (!['string', 'number', 'bigint', 'boolean'].includes(typeof key)) corrupt('unsupported dict key type');
      dict.entries.set(key as string, items[i + 1] as PyValue);
    }
  };
  const longFromBytes = (raw: Uint8Array): number | bigint => {
    let v = 0n;
    for (let i = raw.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i] as number);
    if (raw.length && (raw[raw.length - 1] as number) & 0x80) v -= 1n << BigInt(raw.length * 8);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const call = (fn: PyValue, args: PyValue): PyValue => {
    if (typeof fn !== 'object' || fn === null || (fn as PyCallable).kind !== 'callable')
      corrupt('REDUCE of a non-callable');
    if (!(args instanceof PyTuple)) return corrupt('REDUCE arguments are not a tuple');
    try {
      return (fn as PyCallable).call(args.items);
    } catch (e) {
      return corrupt(`${(fn as PyCallable).name}: ${(e as Error).message}`);
    }
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) corrupt('pickle protocol newer than 5');
        break;
      case 0x95: // FRAME: a length hint only
        u64();
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        stack.pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict(false));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PyTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PyTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PyTuple([pop(), b, c]));
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        // APPEND
        const value = pop();
        const list = top();
        if (!Array.isArray(list)) corrupt('APPEND to a non-list');
        (list as PyValue[]).push(value);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) corrupt('APPENDS to a non-list');
        (list as PyValue[]).push(...items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) corrupt(`memo key ${key} missing`);
        stack.push(memo.get(key) as PyValue);
        break;
      }
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(longFromBytes(take(u8())));
        break;
      case 0x8b: {
        // LONG4
        const n = u32();
        if (n > 64) corrupt('integer wider than 512 bits');
        stack.push(longFromBytes(take(n)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8(u64()));
        break;
      case 0x54: // BINSTRING (py2 str)
        stack.push(latin1.decode(take(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') corrupt('STACK_GLOBAL needs two strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args); only allow-listed classes reach here
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD: state for an object; a state dict's OrderedDict may carry `_metadata`, which we do not need.
        const state = pop();
        const target = top();
        if (!(target instanceof PyDict)) corrupt('BUILD on an unsupported object');
        if (state !== null && !(state instanceof PyDict) && !(state instanceof PyTuple)) corrupt('bad BUILD state');
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) corrupt('persistent id outside a torch checkpoint');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      // Protocol 0/1 text forms: `torch.save(..., pickle_protocol=1)` writes INT and LONG; protocol 0 all of these.
      case 0x49: {
        // INT: decimal, or 01/00 for True/False
        const text = line('INT', 160);
        if (text === '01' || text === '00') {
          stack.push(text === '01');
          break;
        }
        pos -= text.length + 1;
        stack.push(decimal('INT'));
        break;
      }
      case 0x4c: // LONG
        stack.push(decimal('LONG'));
        break;
      case 0x46: {
        // FLOAT: repr() of a float
        const text = line('FLOAT', 64);
        if (!/^[-+]?((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf|nan)$/i.test(text)) corrupt('bad FLOAT argument');
        const lower = text.toLowerCase();
        const sign = lower.startsWith('-') ? -1 : 1;
        stack.push(
          lower.endsWith('inf') ? sign * Number.POSITIVE_INFINITY : lower.endsWith('nan') ? Number.NaN : Number(text),
        );
        break;
      }
      case 0x53: // STRING: a quoted, backslash-escaped py2 str
        stack.push(pyStringLiteral(line('STRING', 1 << 20)) ?? corrupt('bad STRING argument'));
        break;
      case 0x56: // UNICODE: raw-unicode-escape
        stack.push(rawUnicodeEscape(line('UNICODE', 1 << 20)) ?? corrupt('bad UNICODE argument'));
        break;
      case 0x70: // PUT
        memo.set(memoKey('PUT'), top());
        break;
      case 0x67: {
        // GET
        const key = memoKey('GET');
        if (!memo.has(key)) corrupt(`memo key ${key} missing`);
        stack.push(memo.get(key) as PyValue);
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const dict = new PyDict(false);
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x69: {
        // INST: module and name lines, arguments since MARK; the same allow-list as GLOBAL, checked first
        const module = line();
        const fn = global(module, line());
        stack.push(call(fn, new PyTuple(popMark())));
        break;
      }
      case 0x6f: {
        // OBJ: class and arguments since MARK
        const [fn, ...args] = popMark();
        stack.push(call(fn ?? null, new PyTuple(args)));
        break;
      }
      case 0x50: // PERSID: a text persistent id, which cannot name a torch storage (torch.load fails on it too)
        throw new UnsupportedCheckpointError(
          source,
          'a pickle protocol 0 checkpoint (text persistent ids), which torch.load cannot read either; re-save it with torch.save’s default protocol',
        );
      default:
        corrupt(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** Python's repr of a byte string (`'a\\x00b'`), as protocol 0/1 STRING writes it; undefined if malformed. */
function pyStringLiteral(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) return undefined;
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] as string;
      out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else out += `\\${e}`; // Python keeps unknown escapes as written
  }
  return out;
}

/** raw-unicode-escape: latin-1 text where only \\uXXXX and \\UXXXXXXXX are escapes. */
function rawUnicodeEscape(text: string): string | undefined {
  let bad = false;
  const out = text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_, hex: string) => {
    const code = Number.parseInt(hex.slice(1), 16);
    if (code > 0x10ffff) bad = true;
    return bad ? '' : String.fromCodePoint(code);
  });
  return bad ? undefined : out;
}
