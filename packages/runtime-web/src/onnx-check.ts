import { describeNonOnnx } from '@swsl/convert/metadata';
import { SwslError } from '@swsl/registry';

/** What the first bytes say a file is, when they say it is something else than ONNX. */
function whatItIs(bytes: Uint8Array): string {
  return describeNonOnnx(bytes) ?? 'it is not an ONNX protobuf';
}

/**
 * A file given as an ONNX model that is not one (a photo renamed `.onnx`, a checkpoint, an HTML error page). The
 * protobuf reader alone says only `invalid wire type 7 at offset 36`.
 */
export class NotOnnxError extends SwslError {
  constructor(
    readonly file: string,
    bytes: Uint8Array,
    cause: unknown,
  ) {
    super(
      'E_NOT_ONNX',
      `${file} is not an ONNX model: ${whatItIs(bytes)} (${(cause as Error)?.message ?? String(cause)}). Load a ` +
        '.onnx made by `swsl convert`; a .pth or .safetensors checkpoint loads as { checkpoint: file }.',
      { cause },
    );
  }
}
