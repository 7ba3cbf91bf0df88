import { SwslError } from '@swsl/registry';

/**
 * A local file given as `.onnx` that is not one, refused at the playground's boundary (what it is instead comes from
 * `describeNonOnnx` of @swsl/convert/metadata): the message is in the page's language, and a photo or a checkpoint
 * picked by mistake is never posted to the model worker.
 */
export class NotOnnxFileError extends SwslError {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('E_NOT_ONNX', message, options);
  }
}
