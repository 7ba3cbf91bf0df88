import { basename, extname } from 'node:path';
import { DTYPES, type Dtype, isDtype, resolveVariant, SwslError } from '@swsl/registry';
import type { ModelSource } from '@swsl/runtime-node';

/** One model to serve: the name its URLs use, where it comes from, its dtype. */
export interface ModelSpec {
  readonly name: string;
  readonly source: ModelSource;
  readonly dtype: Dtype;
}

export class BadModelSpecError extends SwslError {
  constructor(spec: string, why: string) {
    super(
      'E_BAD_MODEL_SPEC',
      `--model ${spec}: ${why}; give a variant with an optional dtype, e.g. resnet50_swsl:int8`,
    );
  }
}

/**
 * `variant[:dtype]` → the model named `variant` (fp32) or `variant_<dtype>`, so one server can hold a variant in two
 * dtypes. Aliases resolve to the registry's name.
 */
export function parseModelSpec(spec: string): ModelSpec {
  const [variantName = '', dtype = 'fp32', ...rest] = spec.trim().split(':');
  if (rest.length || !variantName) throw new BadModelSpecError(spec, 'expected one "variant" or "variant:dtype"');
  if (!isDtype(dtype)) throw new BadModelSpecError(spec, `unknown dtype "${dtype}" (one of ${DTYPES.join(', ')})`);
  const variant = resolveVariant(variantName).name;
  return { name: dtype === 'fp32' ? variant : `${variant}_${dtype}`, source: variant, dtype };
}

/** `--weights file`: an ONNX opened as it is, or a checkpoint converted once (cached); named after the file. */
export function weightsSpec(path: string, dtype: Dtype = 'fp32'): ModelSpec {
  const name = basename(path, extname(path)).replace(/[^A-Za-z0-9_.-]/g, '_');
  const source: ModelSource = /\.onnx$/i.test(path) ? { onnx: path } : { checkpoint: path, arch: 'auto' };
  return { name, source, dtype };
}
