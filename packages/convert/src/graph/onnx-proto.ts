/**
 * The ONNX messages swsl writes, as static protobufjs code generated from proto/onnx.proto (onnx-pb.js; see
 * scripts/gen-onnx-proto.mjs): encode/decode on protobufjs/minimal 7 without reflection, the one protobuf runtime.
 */
import { onnx } from './onnx-pb.js';

export { onnx };
export type ModelProto = onnx.ModelProto;
export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;
