import { SwslError } from '@swsl/registry';

/** The pickle names a global outside the allow-list (code execution in torch.load). Nothing was built. */
export class UnsafePickleError extends SwslError {
  constructor(
    readonly global: string,
    source: string,
  ) {
    super(
      'E_UNSAFE_PICKLE',
      `${source}: refusing to load: the pickle references "${global}", which a weights-only checkpoint never needs. ` +
        'The file may be malicious; use the official weights or a .safetensors file.',
    );
  }
}

/** Bytes that contradict themselves: sizes beyond the file, truncation, a bad header, an impossible pickle. */
export class CorruptCheckpointError extends SwslError {
  constructor(source: string, detail: string, options?: { cause?: unknown }) {
    super(
      'E_CORRUPT_CHECKPOINT',
      `${source}: corrupt or truncated checkpoint: ${detail}. Download the file again.`,
      options,
    );
  }
}

/** Not a format we read at all (not zip / legacy torch.save / safetensors). */
export class UnsupportedCheckpointError extends SwslError {
  constructor(source: string, detail: string) {
    super(
      'E_UNSUPPORTED_CHECKPOINT',
      `${source}: ${detail}. Expected a PyTorch .pth/.bin (legacy or zip torch.save) or a .safetensors file.`,
    );
  }
}

/** The state dict is not a torchvision ResNet/ResNeXt of the expected (or any) architecture. */
export class StateDictMismatchError extends SwslError {
  constructor(
    source: string,
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly misshaped: readonly string[],
  ) {
    const list = (label: string, items: readonly string[]) =>
      items.length
        ? ` ${label} (${items.length}): ${items.slice(0, 8).join(', ')}${items.length > 8 ? ', …' : ''}.`
        : '';
    super(
      'E_STATE_DICT_MISMATCH',
      `${source}: the state dict does not match the architecture.${list('missing', missing)}${list('unexpected', unexpected)}${list('mis-shaped', misshaped)} Pass the right --arch, or omit it to infer the architecture.`,
    );
  }
}

/** `--labels` names a different number of classes than the checkpoint's classifier has. */
export class LabelCountMismatchError extends SwslError {
  constructor(source: string, labels: number, classes: number) {
    super(
      'E_LABEL_COUNT',
      `${source}: the labels name ${labels} classes but the checkpoint's classifier has ${classes} outputs. ` +
        'Give one label per output, in output order.',
    );
  }
}
