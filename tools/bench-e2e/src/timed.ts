/** One timed pass of a path over the benchmark's images. */
export interface Timed {
  readonly seconds: number;
  /**
   * Top-1 per image, in input order: a class index, or a label where the library only gives labels (absent where the
   * path's output is not read, e.g. the CLI's, which goes to /dev/null).
   */
  readonly top1?: readonly (number | string)[];
}
