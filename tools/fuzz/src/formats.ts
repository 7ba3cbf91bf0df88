/** The three kinds of input the fuzzer mutates. */
export type Format = 'images' | 'checkpoints' | 'onnx';
export const FORMATS: readonly Format[] = ['images', 'checkpoints', 'onnx'];
