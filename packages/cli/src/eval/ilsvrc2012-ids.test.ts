import { labels } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { ILSVRC2012_ID_TO_WNID } from './ilsvrc2012-ids.data.js';

describe('class numberings', () => {
  it('the devkit table is a permutation of the 1000 model wnids, kit fox first (the devkit’s ILSVRC2012_ID 1)', () => {
    expect(ILSVRC2012_ID_TO_WNID).toHaveLength(1000);
    expect([...ILSVRC2012_ID_TO_WNID].sort()).toEqual(labels.map((l) => l.wnid));
    expect(ILSVRC2012_ID_TO_WNID[0]).toBe('n02119789');
    // LOC_val_solution.csv's ILSVRC2012_val_00000001 (a sea snake) is id 490 in meta.mat order, 65 in sorted order.
    expect(ILSVRC2012_ID_TO_WNID[490 - 1]).toBe('n01751748');
    expect(labels[65]!.wnid).toBe('n01751748');
  });

  it('the models’ output order is the sorted wnids: ImageFolder’s class index on an ImageNet folder', () => {
    // torchvision's ImageFolder numbers classes by their sorted folder names (find_classes: sorted(os.scandir)).
    const wnids = labels.map((l) => l.wnid);
    expect(wnids).toEqual([...wnids].sort());
    expect(labels.every((l, i) => l.index === i)).toBe(true);
  });
});
