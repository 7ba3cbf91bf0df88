import type { InferenceSession } from 'onnxruntime-common';
import type { Dtype } from './capabilities.js';

/**
 * Session options a dtype needs, for onnxruntime-node and onnxruntime-web alike. w8 stores int8 weights behind
 * DequantizeLinear; onnxruntime keeps such DQ nodes unfolded by default (to fuse them into QLinearConv), which
 * would dequantize every weight on every run (measured at ~0.4× fp32's speed). With QDQ fusion off, constant
 * folding turns them into fp32 initializers once, when the session loads, and w8 runs at fp32's speed.
 */
export function sessionConfigFor(dtype: Dtype): Pick<InferenceSession.SessionOptions, 'extra'> {
  return dtype === 'w8' ? { extra: { session: { disable_quant_qdq: '1' } } } : {};
}
