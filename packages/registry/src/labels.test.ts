import { describe, expect, it } from 'vitest';
import { labelByIndex, labelByName, labelByWnid, labels } from './labels.js';

describe('labels', () => {
  it('has 1000 classes in sorted-wnid order, indexed 0..999', () => {
    expect(labels).toHaveLength(1000);
    const wnids = labels.map((l) => l.wnid);
    expect(wnids).toEqual([...wnids].sort());
    expect(new Set(wnids).size).toBe(1000);
    labels.forEach((l, i) => {
      expect(l.index).toBe(i);
      expect(l.wnid).toMatch(/^n\d{8}$/);
    });
    expect(new Set(labels.map((l) => l.name)).size).toBe(1000);
  });

  it('matches well-known ImageNet indices', () => {
    // Independent facts of the ILSVRC-2012 class list (torchvision's imagenet_classes order).
    expect(labelByIndex(0)).toMatchObject({ wnid: 'n01440764', name: 'tench' });
    expect(labelByIndex(207)).toMatchObject({ wnid: 'n02099601', name: 'golden retriever' });
    expect(labelByIndex(281)).toMatchObject({ wnid: 'n02123045', name: 'tabby' });
    expect(labelByIndex(999)).toMatchObject({ wnid: 'n15075141', name: 'toilet tissue' });
  });

  it('looks up by index, wnid and name', () => {
    expect(labelByWnid('n02099601')?.index).toBe(207);
    expect(labelByName('Golden Retriever')?.index).toBe(207);
    expect(labelByIndex(1000)).toBeUndefined();
    expect(labelByWnid('n00000000')).toBeUndefined();
    expect(labelByName('no such class')).toBeUndefined();
    // The one pair that differs only in case: the Welsh corgi and the sweater.
    expect(labelByName('Cardigan')?.wnid).toBe('n02113186');
    expect(labelByName('cardigan')?.wnid).toBe('n02963159');
  });
});
