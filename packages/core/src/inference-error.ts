import { SwslError } from '@swsl/registry';

/**
 * onnxruntime refused to run a model it loaded (an input of the wrong type, a shape no operator accepts), or the run
 * gave no `logits`/`features` of the expected size: a corrupt or foreign model file, never a bad image.
 */
export class InferenceError extends SwslError {
  constructor(model: string, detail: string, options?: { cause?: unknown }) {
    super(
      'E_INFERENCE_FAILED',
      `${model}: inference failed (${detail}); the model file may be corrupt: re-download it or convert the checkpoint again`,
      options,
    );
  }
}
