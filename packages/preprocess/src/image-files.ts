/**
 * File names taken for images when a folder is walked (JPEG, PNG, BMP, TIFF, GIF, WebP): the formats this package's
 * decoders read. Anything else in a folder is left alone; a file named explicitly is decoded whatever its name.
 */
export const IMAGE_FILE_NAME = /\.(jpe?g|png|bmp|tiff?|gif|webp)$/i;
