import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CALIBRATION_FOLDER, CALIBRATION_IMAGES } from '../calibration-set.js';
import { calibrationPhotos } from './index.js';

// The module is generated from the folder; a photo replaced without rerunning the script would make the browser
// calibrate on other photos than Node (another sha256 in the int8 model's metadata, other ranges).
it('holds exactly the calibration folder’s photos, byte for byte, in CALIBRATION_IMAGES order', () => {
  const photos = calibrationPhotos();
  expect(photos.map((p) => p.name)).toEqual([...CALIBRATION_IMAGES]);
  for (const photo of photos) {
    const file = readFileSync(new URL(`../../${CALIBRATION_FOLDER}/${photo.name}`, import.meta.url));
    expect(Buffer.compare(Buffer.from(photo.bytes), file), photo.name).toBe(0);
  }
});
