import { describe, it } from 'vitest';
import { oracleRequired, oracleStatus } from './oracle.js';

/**
 * `describe` for suites that need the PyTorch oracle. Without it the suite is skipped with a loud reason on stderr
 * and in the suite's name, or, when `SWSL_REQUIRE_ORACLE=1` (CI), replaced by one failing test naming the reason.
 */
export function describeWithOracle(name: string, body: () => void): void {
  const status = oracleStatus();
  if (status.available) {
    describe(name, body);
    return;
  }
  if (oracleRequired()) {
    describe(name, () => {
      it('needs the PyTorch oracle (SWSL_REQUIRE_ORACLE=1)', () => {
        throw new Error(`PyTorch oracle required but unavailable: ${status.reason}`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPING "${name}": PyTorch oracle unavailable: ${status.reason} ***\n\n`);
  describe.skip(`${name} [SKIPPED: PyTorch oracle unavailable: ${status.reason}]`, body);
}
