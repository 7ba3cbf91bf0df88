import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchPhrase } from './bench-phrases.js';

const SNAPSHOTS = fileURLToPath(new URL('../../data/bench/', import.meta.url));

/** Every free-text field the committed benchmark snapshots carry. */
function freeTexts(): string[] {
  return readdirSync(SNAPSHOTS)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const json = JSON.parse(readFileSync(`${SNAPSHOTS}${f}`, 'utf8'));
      return [json.model, json.measure, json.snapshot?.machine].filter((t): t is string => typeof t === 'string');
    });
}

describe('benchPhrase', () => {
  const texts = freeTexts();

  it('shows the snapshots’ fields in a visitor’s words: no "oracle"', () => {
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.some((t) => t.includes('oracle'))).toBe(true);
    for (const text of texts) expect(benchPhrase(text, 'en')).not.toMatch(/oracle/i);
  });

  it('translates them for the Korean page', () => {
    for (const text of texts) {
      const korean = benchPhrase(text, 'ko');
      expect(korean, text).toMatch(/[가-힣]/);
      expect(korean, text).not.toMatch(/oracle|development VM|shared|during the run/);
    }
  });

  it('leaves a phrase it does not know as written', () => {
    expect(benchPhrase('resnet18, 4 threads', 'ko')).toBe('resnet18, 4 threads');
  });
});
