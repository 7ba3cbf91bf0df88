import type { ErrorReport } from './error-report.js';
import type { FailureMessages } from './failure-messages.js';

/**
 * How the page shows a failure: a short sentence, what to do, a retry button where trying again can help, and the
 * original message for reports.
 */
export interface Failure {
  readonly code: string;
  readonly summary: string;
  readonly advice: string;
  readonly retry: boolean;
  readonly details: string;
  /** The cached files of the chosen model are invalid: the page removes them, so the button offers a download again. */
  readonly evict: boolean;
}

type Kind = Exclude<keyof FailureMessages, 'action' | 'details' | 'retryButton'>;
type Advice = keyof FailureMessages['action'];

interface Rule {
  readonly kind: Kind;
  readonly advice: Advice;
  readonly retry: boolean;
  readonly evict?: boolean;
}

const RULES: Record<string, Rule> = {
  E_NETWORK: { kind: 'unreachable', advice: 'chooseSource', retry: true },
  E_HTTP: { kind: 'unreachable', advice: 'chooseSource', retry: true },
  E_DOWNLOAD: { kind: 'unreachable', advice: 'chooseSource', retry: true },
  E_OFFLINE: { kind: 'unreachable', advice: 'chooseSource', retry: true },
  E_CHECKSUM: { kind: 'damaged', advice: 'downloadAgain', retry: true, evict: true },
  E_HUB_INTEGRITY: { kind: 'damaged', advice: 'downloadAgain', retry: true, evict: true },
  E_STATE_DICT_MISMATCH: { kind: 'wrongArchitecture', advice: 'chooseModel', retry: false, evict: true },
  E_MODEL_MISMATCH: { kind: 'wrongArchitecture', advice: 'chooseModel', retry: false, evict: true },
  E_CORRUPT_CHECKPOINT: { kind: 'unreadableCheckpoint', advice: 'chooseFile', retry: false, evict: true },
  E_UNSUPPORTED_CHECKPOINT: { kind: 'unreadableCheckpoint', advice: 'chooseFile', retry: false, evict: true },
  E_UNSAFE_PICKLE: { kind: 'unreadableCheckpoint', advice: 'chooseFile', retry: false, evict: true },
  E_NOT_ONNX: { kind: 'unreadableModel', advice: 'chooseFile', retry: false },
  E_INVALID_MODEL: { kind: 'unreadableModel', advice: 'chooseFile', retry: false },
  E_NOT_A_SWSL_MODEL: { kind: 'unreadableModel', advice: 'chooseFile', retry: false },
  E_WEBGPU_UNAVAILABLE: { kind: 'noWebgpu', advice: 'chooseWasm', retry: false },
  E_FP16_UNSUPPORTED: { kind: 'noFp16', advice: 'chooseFp32', retry: false },
  E_STORAGE_QUOTA: { kind: 'noRoom', advice: 'freeSpace', retry: false },
  E_NOT_AN_IMAGE: { kind: 'badImage', advice: 'chooseImage', retry: false },
  E_TRUNCATED_IMAGE: { kind: 'badImage', advice: 'chooseImage', retry: false },
  E_IMAGE_TOO_LARGE: { kind: 'badImage', advice: 'chooseImage', retry: false },
  E_UNSUPPORTED_FORMAT: { kind: 'badImage', advice: 'chooseImage', retry: false },
  E_EMPTY_IMAGE: { kind: 'badImage', advice: 'chooseImage', retry: false },
  E_PLAYGROUND_INPUT: { kind: 'incompleteChoice', advice: 'fillSource', retry: false },
  E_WORKER: { kind: 'crashed', advice: 'reload', retry: true },
  E_INFERENCE_FAILED: { kind: 'crashed', advice: 'reload', retry: true },
};

const UNKNOWN: Rule = { kind: 'unknown', advice: 'reload', retry: true };

/**
 * An error (by its stable code) → what the page shows. `canRetry` is false where there is no load to repeat (an
 * image that failed to decode); a message the page itself wrote in its language (E_NOT_ONNX, which names the file)
 * is kept as the summary.
 */
export function describeFailure(
  report: ErrorReport,
  messages: FailureMessages,
  options: { canRetry: boolean; localizedMessage?: boolean },
): Failure {
  const rule = RULES[report.code] ?? UNKNOWN;
  return {
    code: report.code,
    summary: options.localizedMessage ? report.message : messages[rule.kind],
    advice: messages.action[rule.advice],
    retry: options.canRetry && rule.retry,
    details: report.message,
    evict: rule.evict === true,
  };
}
