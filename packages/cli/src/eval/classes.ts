import type { Label } from '@swsl/registry';

/** Why a ground-truth token names no class of the model, or `index` when it does. */
export type Resolved = { readonly index: number } | { readonly error: string };

/**
 * Ground truth → the model's output index, against the model's own labels (ImageNet-1k's, or those stored by
 * `convert --labels`): a wnid first, then an exact class name, then a whole number (the index itself), then a name
 * ignoring case. A name two classes share (in ImageNet only "Cardigan", the corgi, and "cardigan", the sweater, once
 * case is ignored; a fine-tuned model's labels may repeat one) names neither.
 */
export function classResolver(labels: readonly Label[] | undefined, numClasses: number): (token: string) => Resolved {
  const byWnid = new Map<string, number>();
  const byName = new Map<string, number | null>();
  const byLower = new Map<string, number | null>();
  const add = (map: Map<string, number | null>, key: string, index: number) =>
    map.set(key, map.has(key) && map.get(key) !== index ? null : index);
  for (const [index, label] of (labels ?? []).entries()) {
    if (label.wnid) byWnid.set(label.wnid, index);
    add(byName, label.name, index);
    add(byLower, label.name.toLowerCase(), index);
  }
  return (token) => {
    const wnid = byWnid.get(token);
    if (wnid !== undefined) return { index: wnid };
    const name = byName.get(token);
    if (name !== undefined && name !== null) return { index: name };
    if (/^\d+$/.test(token) && Number(token) < numClasses) return { index: Number(token) };
    const lower = byLower.get(token.toLowerCase());
    if (lower !== undefined && lower !== null) return { index: lower };
    if (name === null || lower === null) {
      return { error: `the class name "${token}" belongs to several classes of this model; use its wnid or index` };
    }
    return {
      error: `"${token}" is no class of this model (not a wnid or name of its labels, nor an index below ${numClasses})`,
    };
  };
}
