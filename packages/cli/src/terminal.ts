/**
 * Where output goes: data on stdout, progress and messages on stderr. Colour only on a TTY and without NO_COLOR
 * (https://no-color.org); progress bars only when stderr is a TTY.
 */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly errIsTTY: boolean;
  /** Colour on stdout / on stderr: each stream decides for itself (stdout may be a file while stderr is a TTY). */
  readonly outColor: boolean;
  readonly errColor: boolean;
  readonly quiet: boolean;
}

export function createTerminal(options: { quiet?: boolean } = {}): Terminal {
  const errIsTTY = Boolean(process.stderr.isTTY);
  const noColor = Boolean(process.env.NO_COLOR);
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY,
    outColor: Boolean(process.stdout.isTTY) && !noColor,
    errColor: errIsTTY && !noColor,
    quiet: options.quiet ?? false,
  };
}

/** `enabled`: the colour flag of the stream the text goes to (`t.outColor` or `t.errColor`). */
const paint = (code: number) => (enabled: boolean, text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
export const dim = paint(2);
export const bold = paint(1);
export const red = paint(31);
export const yellow = paint(33);
