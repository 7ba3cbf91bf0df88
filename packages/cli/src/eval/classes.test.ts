import { labels } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { classResolver } from './classes.js';

describe('classResolver', () => {
  const imagenet = classResolver(labels, 1000);

  it('a wnid, a name (exact, then ignoring case) or an index', () => {
    expect(imagenet('n01440764')).toEqual({ index: 0 });
    expect(imagenet('goldfish')).toEqual({ index: 1 });
    expect(imagenet('GOLDFISH')).toEqual({ index: 1 });
    expect(imagenet('999')).toEqual({ index: 999 });
    // "Cardigan" (the corgi) and "cardigan" (the sweater): exact case decides.
    expect(imagenet('Cardigan')).toEqual({ index: labels.find((l) => l.name === 'Cardigan')!.index });
    expect(imagenet('cardigan')).toEqual({ index: labels.find((l) => l.name === 'cardigan')!.index });
  });

  it('a name two classes share names neither; unknown tokens and indices past the end are errors', () => {
    // Only "Cardigan" (the corgi) and "cardigan" (the sweater) collide ignoring case.
    expect(imagenet('CARDIGAN')).toEqual({ error: expect.stringContaining('several classes') });
    expect(imagenet('1000')).toEqual({ error: expect.stringContaining('index below 1000') });
    expect(imagenet('n99999999')).toEqual({ error: expect.stringContaining('no class of this model') });
  });

  it('a fine-tuned model’s own labels; without labels only indices', () => {
    const own = classResolver(
      [
        { index: 0, wnid: '', name: 'cat', lemmas: '' },
        { index: 1, wnid: 'n1', name: 'dog', lemmas: '' },
      ],
      2,
    );
    expect(own('cat')).toEqual({ index: 0 });
    expect(own('n1')).toEqual({ index: 1 });
    expect(own('1')).toEqual({ index: 1 });
    expect(own('n01440764')).toHaveProperty('error');
    expect(classResolver(undefined, 10)('7')).toEqual({ index: 7 });
    expect(classResolver(undefined, 10)('cat')).toHaveProperty('error');
  });
});
