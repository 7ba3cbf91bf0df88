import cliProgress from 'cli-progress';
import { dim, type Terminal } from './terminal.js';

export interface ProgressReporter {
  /** A stage started (non-TTY: one line; TTY: a new bar when `total` is known). */
  stage(label: string, total?: number): void;
  update(done: number, total?: number): void;
  done(): void;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Long work (downloads, conversions) shows a bar on a TTY and one line per stage otherwise, so logs stay readable;
 * `--quiet` shows nothing.
 */
export function createProgress(t: Terminal): ProgressReporter {
  if (t.quiet) return { stage() {}, update() {}, done() {} };
  if (!t.errIsTTY) {
    return {
      stage: (label) => t.err(`${label}\n`),
      update() {},
      done() {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stage(label, total) {
      stop();
      if (total === undefined) {
        t.err(`${dim(t.errColor, label)}\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% {doneText}/{totalText}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { doneText: mb(0), totalText: mb(total) });
    },
    update(done, total) {
      if (!bar) return;
      if (total !== undefined) bar.setTotal(total);
      bar.update(done, { doneText: mb(done), totalText: mb(total ?? done) });
    },
    done: stop,
  };
}
