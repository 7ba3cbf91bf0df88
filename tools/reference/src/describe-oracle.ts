import { describeIfAvailable } from './describe-if-available.js';
import { oracleStatus } from './oracle.js';

/**
 * `describe` for suites that need the PyTorch oracle: skipped loudly without it, a failure with
 * `SWSL_REQUIRE_ORACLE=1` (CI).
 */
export function describeWithOracle(name: string, body: () => void): void {
  const status = oracleStatus();
  describeIfAvailable(
    name,
    {
      what: 'PyTorch oracle',
      available: status.available,
      reason: status.available ? '' : status.reason,
      requiredBy: 'SWSL_REQUIRE_ORACLE',
    },
    body,
  );
}
