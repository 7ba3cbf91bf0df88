/**
 * @swsl/registry/calibration-photos — the built-in int8 calibration photos (`calibration/*.jpg`, CC0, see
 * calibration/CREDITS.md) as bytes, for platforms that cannot read the package's files: a browser worker calibrates
 * from these. Its own entry point (≈ 370 kB of base64), so nothing that imports `@swsl/registry` pays for it.
 *
 * @packageDocumentation
 */
import { CALIBRATION_PHOTOS_BASE64 } from './photos.data.js';

// The registry builds without DOM or Node types; browsers and Node ≥ 16 both have `atob`.
declare const atob: (data: string) => string;

export interface CalibrationPhoto {
  /** The file's name in `calibration/` (it goes into the calibration set's sha256). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The photos, decoded afresh on each call (the caller may transfer or keep the buffers). */
export function calibrationPhotos(): CalibrationPhoto[] {
  return CALIBRATION_PHOTOS_BASE64.map(([name, base64]) => ({
    name,
    bytes: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
  }));
}
