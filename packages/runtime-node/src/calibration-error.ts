import { SwslError } from '@swsl/registry';

/** The calibration images for `--dtype int8` are missing, empty or unreadable. */
export class CalibrationError extends SwslError {
  constructor(where: string, detail: string, options?: { cause?: unknown }) {
    super(
      'E_CALIBRATION',
      `${where}: ${detail}. Give --calibration a folder of ordinary photos (JPEG/PNG, a few dozen is plenty), or omit it to use the built-in set.`,
      options,
    );
  }
}
