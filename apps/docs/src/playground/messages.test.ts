import { describe, expect, it } from 'vitest';
import { langOf, type Messages, megabytes, messagesFor } from './messages.js';

/** Every leaf of a catalog as `path → value`, functions called with sample arguments so their text is compared too. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => (i === 0 ? '12.3 MB' : 'x'));
    return [[`${path}()`, String((value as (...a: unknown[]) => unknown)(...args))]];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [];
}

// Proper names, units and code that read the same in both languages.
const SAME_IN_BOTH = new Set(['licenseName', 'sourceUrl', 'deviceWebgpu', 'deviceWasm (CPU)', 'deviceWasm']);

describe('the playground message catalog', () => {
  const en = leaves(messagesFor('en'));
  const ko = new Map(leaves(messagesFor('ko')));

  it('has every English entry in Korean, and no other', () => {
    expect([...ko.keys()].sort()).toEqual(en.map(([k]) => k).sort());
  });

  it('translates every entry (nothing left in English, nothing empty)', () => {
    for (const [key, text] of en) {
      const korean = ko.get(key)!;
      expect(korean.trim(), key).not.toBe('');
      if (!SAME_IN_BOTH.has(key)) expect(korean, key).not.toBe(text);
    }
  });

  it('the Korean entries are written in Hangul where they are sentences', () => {
    const sentences = [...ko.entries()].filter(([k]) => !SAME_IN_BOTH.has(k));
    for (const [key, text] of sentences) {
      if (/^[\d.\s]*$/.test(text)) continue;
      expect(/[\uac00-\ud7a3]/.test(text), `${key}: ${text}`).toBe(true);
    }
  });

  it("picks Korean for VitePress's ko-KR and English otherwise", () => {
    expect(langOf('ko-KR')).toBe('ko');
    expect(langOf('ko')).toBe('ko');
    expect(langOf('en-US')).toBe('en');
    expect(langOf(undefined)).toBe('en');
  });

  it('writes sizes in megabytes with one decimal', () => {
    expect(megabytes(46_796_448)).toBe('46.8 MB');
    const m: Messages = messagesFor('en');
    expect(m.loadDownload(megabytes(46_796_448))).toBe('Download ≈ 46.8 MB and classify');
  });
});
