/**
 * The default int8 calibration set: 11 CC0 / public-domain photos (scikit-image's sample data, see
 * calibration/CREDITS.md), shipped in this package so `--dtype int8` works offline. Not ImageNet images: calibration
 * must not peek at the data accuracy is measured on. Regenerate with tools/reference/py/calibration_set.py.
 */
export const CALIBRATION_IMAGES = [
  'astronaut.jpg',
  'brick.jpg',
  'camera.jpg',
  'chelsea.jpg',
  'clock.jpg',
  'coffee.jpg',
  'grass.jpg',
  'gravel.jpg',
  'hubble_deep_field.jpg',
  'retina.jpg',
  'rocket.jpg',
] as const;

/** The folder holding them, relative to this package's root (`@swsl/registry/calibration/<file>`). */
export const CALIBRATION_FOLDER = 'calibration';
