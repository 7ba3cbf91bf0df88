import onnxProto from 'onnx-proto';

/** onnx-proto is CommonJS; this re-export gives the rest of the package one typed ESM entry. */
export const { onnx } = onnxProto;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;
export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;
