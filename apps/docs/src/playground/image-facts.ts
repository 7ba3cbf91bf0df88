/**
 * Where "your image" (what the browser displays) and "what the model sees" (Pillow's pixels) part ways, so the page
 * can say so beside the preview instead of letting a rotated or see-through picture silently look different.
 */

/** Pixels the browser draws (partly) transparent, and the colour the model gets there instead of the page behind. */
export interface TransparencyFact {
  /** Share of the pixels whose alpha is below 255, 0–1. */
  readonly share: number;
  /** Mean RGB the model receives under those pixels (alpha dropped, not composited: Pillow's `convert('RGB')`). */
  readonly colour: readonly [number, number, number];
}

export interface ImageFacts {
  /** EXIF orientation 2–8: the browser displays the image turned, Pillow (and so the model) does not. */
  readonly orientation?: number;
  readonly transparency?: TransparencyFact;
}

/**
 * `displayed`: the browser's RGBA of the image (un-premultiplied); `model`: the packed RGB the model pipeline starts
 * from, same size. Nothing is reported for a fully opaque image.
 */
export function transparencyFact(displayed: ArrayLike<number>, model: ArrayLike<number>): TransparencyFact | undefined {
  const pixels = Math.floor(displayed.length / 4);
  let count = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < pixels; i++) {
    if (displayed[4 * i + 3]! === 255) continue;
    count++;
    r += model[3 * i]!;
    g += model[3 * i + 1]!;
    b += model[3 * i + 2]!;
  }
  if (count === 0) return undefined;
  return { share: count / pixels, colour: [Math.round(r / count), Math.round(g / count), Math.round(b / count)] };
}

/** `black` / `white` when the colour is (nearly) that, else CSS hex — the words come from the message catalog. */
export function colourName(colour: readonly [number, number, number], words: { black: string; white: string }): string {
  if (colour.every((c) => c <= 8)) return words.black;
  if (colour.every((c) => c >= 247)) return words.white;
  return `#${colour.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** A share as a percentage for people: never "0%" for a few pixels, never "100%" unless all of them. */
export function percent(share: number): string {
  if (share >= 1) return '100%';
  if (share < 0.01) return '<1%';
  return `${Math.min(99, Math.round(share * 100))}%`;
}
