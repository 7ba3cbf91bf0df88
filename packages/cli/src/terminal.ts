/**
 * Where output goes: data on stdout, progress and messages on stderr. Colour only on a TTY and without NO_COLOR
 * (https://no-color.org); progress bars only when stderr is a TTY.
 */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly errIsTTY: boolean;
  readonly color: boolean;
  readonly quiet: boolean;
}

export function createTerminal(options: { quiet?: boolean } = {}): Terminal {
  const errIsTTY = Boolean(process.stderr.isTTY);
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY,
    color: errIsTTY && !process.env.NO_COLOR,
    quiet: options.quiet ?? false,
  };
}

const paint = (code: number) => (t: Terminal, text: string) => (t.color ? `\x1b[${code}m${text}\x1b[0m` : text);
export const dim = paint(2);
export const bold = paint(1);
export const red = paint(31);
export const yellow = paint(33);
