import { describe, expect, it } from 'vitest';
import { cleanEnv, tail } from './exec.ts';

describe('cleanEnv', () => {
  it('keeps only PATH (without node_modules/.bin folders) and the given HOME', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/repo/node_modules/.bin:/usr/local/bin:/repo/packages/x/node_modules/.bin:/usr/bin';
    process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';
    try {
      expect(cleanEnv('/tmp/home')).toEqual({ PATH: '/usr/local/bin:/usr/bin', HOME: '/tmp/home' });
    } finally {
      process.env.PATH = saved;
      delete process.env.ONNXRUNTIME_NODE_INSTALL;
    }
  });
});

describe('tail', () => {
  it('gives the last non-empty lines, indented', () => {
    expect(tail('a\n\nb\nc\n\n', 2)).toBe('      b\n      c');
  });
});
