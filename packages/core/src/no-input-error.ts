import { SwslError } from '@swsl/registry';

/**
 * The inputs held no image at all: an empty folder, a folder of other files, an empty list. Not an image's fault,
 * so not an error row: the whole request is wrong, and the message names what was given.
 */
export class NoInputError extends SwslError {
  constructor(given: string) {
    super(
      'E_NO_INPUT',
      `${given}: no image to process (images are found by extension: .jpg .jpeg .png .bmp .tif .tiff .gif .webp); ` +
        'name image files, folders that hold them, or a quoted glob',
    );
  }
}
