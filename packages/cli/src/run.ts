import { isSwslError } from '@swsl/registry/names';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Usage-like failures: the user named something that does not exist. */
const USAGE_CODES = new Set(['E_UNKNOWN_VARIANT']);
/** Inputs that held no image: status 3 like a pattern that matched nothing, not a failure of swsl's. */
const NO_INPUT_CODES = new Set(['E_NO_INPUT']);

/**
 * Runs `swsl` and returns its exit status. Every failure is one line on stderr, `swsl: <what and how to fix>
 * [<code>]`; stack traces only with SWSL_DEBUG=1.
 */
export async function run(argv: readonly string[]): Promise<number> {
  let status: number = EXIT.ok;
  const program = buildProgram((code) => {
    status = code;
  });
  try {
    await program.parseAsync([...argv]);
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; commander already printed what it had to say.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (process.env.SWSL_DEBUG === '1') console.error(error);
    if (isSwslError(error)) {
      process.stderr.write(`swsl: ${error.message} [${error.code}]\n`);
      if (NO_INPUT_CODES.has(error.code)) return EXIT.someInputsFailed;
      return USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`swsl: ${message.split('\n')[0]}\n`);
    return EXIT.error;
  }
}
