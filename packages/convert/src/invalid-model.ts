import { SwslError } from '@swsl/registry';

/**
 * Bytes that are not a well-formed ONNX model: the protobuf wire format breaks (a bad tag, a length past the end),
 * a swsl metadata entry is not the JSON it must be, or onnxruntime refuses to load the graph.
 */
export class InvalidModelError extends SwslError {
  constructor(name: string, detail: string, options?: { cause?: unknown }) {
    super(
      'E_INVALID_MODEL',
      `${name} is not a valid ONNX model (${detail}); re-download it or convert the checkpoint again with \`swsl convert\``,
      options,
    );
  }
}
