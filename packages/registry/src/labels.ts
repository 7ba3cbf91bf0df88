import { IMAGENET1K_ROWS } from './imagenet1k-labels.data.js';

export interface Label {
  /** Position in the model's output vector. */
  readonly index: number;
  /** WordNet synset id; output order is the sorted order of these. */
  readonly wnid: string;
  /** torchvision's short class name. */
  readonly name: string;
  /** WordNet lemmas, comma separated as in the synset. */
  readonly lemmas: string;
}

/** The 1000 ImageNet-1k classes in the models' output order. */
export const labels: readonly Label[] = IMAGENET1K_ROWS.map(([wnid, name, lemmas], index) =>
  Object.freeze({ index, wnid, name, lemmas }),
);

const byWnid = new Map(labels.map((l) => [l.wnid, l]));
const byName = new Map(labels.map((l) => [l.name, l]));
// Lower-cased names are unique except "Cardigan" (the corgi, 264) vs "cardigan" (the sweater, 474): an exact-case
// match wins, and the case-insensitive fallback keeps the first (lowest index) holder of a lower-cased name.
const byLowerName = new Map<string, Label>();
for (const l of labels) if (!byLowerName.has(l.name.toLowerCase())) byLowerName.set(l.name.toLowerCase(), l);

export function labelByIndex(index: number): Label | undefined {
  return labels[index];
}

export function labelByWnid(wnid: string): Label | undefined {
  return byWnid.get(wnid);
}

/** Lookup by torchvision's short name: exact case first, then case-insensitive. */
export function labelByName(name: string): Label | undefined {
  return byName.get(name) ?? byLowerName.get(name.toLowerCase());
}
