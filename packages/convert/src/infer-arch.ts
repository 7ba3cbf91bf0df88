import { ARCHS, type ArchName, type ArchSpec } from '@swsl/registry';
import { StateDictMismatchError } from './errors.js';
import { expectedTensors, resnetLayout } from './graph/layout.js';

/** Anything with named shapes: a StateDict's tensor map, or a plain map in tests. */
export type ShapeMap = ReadonlyMap<string, { readonly shape: readonly number[] }>;

const optionalKey = (key: string) => key.endsWith('.num_batches_tracked');

/**
 * The torchvision ResNet/ResNeXt a state dict holds, from its keys and shapes alone: blocks per stage from the
 * `layerN.i.` indices, block type from `conv3`, base width from the stem, groups from conv2's weight, classes from fc.
 * The result is then validated key by key, so a state dict that only resembles a ResNet is rejected.
 */
export function inferArch(tensors: ShapeMap, sourceName = '<state dict>'): ArchSpec {
  const shape = (key: string) => tensors.get(key)?.shape;
  const stem = shape('conv1.weight');
  const fc = shape('fc.weight');
  if (stem?.length !== 4 || fc?.length !== 2) {
    throw new StateDictMismatchError(
      sourceName,
      ['conv1.weight', 'fc.weight'].filter((k) => !tensors.has(k)),
      [],
      [],
    );
  }
  const layers = [1, 2, 3, 4].map((stage) => {
    let count = 0;
    for (const key of tensors.keys()) {
      const m = /^layer(\d)\.(\d+)\./.exec(key);
      if (m && Number(m[1]) === stage) count = Math.max(count, Number(m[2]) + 1);
    }
    return count;
  }) as [number, number, number, number];
  const baseWidth = stem[0] as number;
  const block = tensors.has('layer1.0.conv3.weight') ? 'bottleneck' : 'basic';
  let groups = 1;
  let widthPerGroup = 64;
  const conv2 = shape('layer1.0.conv2.weight');
  if (block === 'bottleneck' && conv2 && conv2.length === 4) {
    const width = conv2[0] as number;
    groups = Math.max(1, Math.round(width / (conv2[1] as number)));
    widthPerGroup = Math.round(((width / groups) * 64) / baseWidth);
  }
  const spec: ArchSpec = { block, layers, groups, widthPerGroup, numClasses: fc[0] as number, baseWidth };
  validateStateDict(tensors, spec, sourceName);
  return spec;
}

/** Throws `E_STATE_DICT_MISMATCH` listing missing, unexpected and mis-shaped keys, if there are any. */
export function validateStateDict(tensors: ShapeMap, spec: ArchSpec, sourceName = '<state dict>'): void {
  const expected = expectedTensors(resnetLayout(spec));
  const missing: string[] = [];
  const misshaped: string[] = [];
  for (const [key, want] of expected) {
    const got = tensors.get(key)?.shape;
    if (!got) missing.push(key);
    else if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      misshaped.push(`${key} [${got}] (expected [${want}])`);
    }
  }
  const unexpected = [...tensors.keys()].filter((k) => !expected.has(k) && !optionalKey(k));
  if (missing.length || unexpected.length || misshaped.length) {
    throw new StateDictMismatchError(sourceName, missing, unexpected, misshaped);
  }
}

/** `'auto'`/undefined → infer; an arch name → the registry's spec; a spec → itself. */
export function resolveArch(
  arch: ArchSpec | ArchName | 'auto' | undefined,
  tensors: ShapeMap,
  sourceName: string,
): ArchSpec {
  if (arch === undefined || arch === 'auto') return inferArch(tensors, sourceName);
  const spec = typeof arch === 'string' ? ARCHS[arch] : arch;
  if (!spec) throw new TypeError(`unknown architecture "${String(arch)}"; known: ${Object.keys(ARCHS).join(', ')}`);
  validateStateDict(tensors, spec, sourceName);
  return spec;
}
