import { rmSync } from 'node:fs';
import { onExit } from 'signal-exit';

const pending = new Set<string>();
let hooked = false;

/**
 * Removes `path` (a file, or a folder with what it holds) if this process ends before the returned `forget` is
 * called: at a normal exit, an uncaught error, or SIGTERM / SIGINT / SIGHUP, which a container stop, a timeout or
 * Ctrl-C sends. signal-exit runs the removal synchronously and then lets the signal end the process as it would have
 * (the shell sees 128 + the signal's number); where the program handles the signal itself (a queue worker draining),
 * nothing is removed until it really exits.
 *
 * For what this process owns and nobody can use once it is gone: lock owner records, temp files being written.
 * A download's `.part` file is not among them: the next run resumes it.
 */
export function removeOnExit(path: string): () => void {
  if (!hooked) {
    hooked = true;
    onExit(() => {
      for (const each of pending) rmSync(each, { recursive: true, force: true });
    });
  }
  pending.add(path);
  return () => {
    pending.delete(path);
  };
}
