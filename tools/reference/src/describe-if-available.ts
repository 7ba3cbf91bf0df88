import { describe, it } from 'vitest';

export interface Requirement {
  /** What the suite needs, for messages: "PyTorch oracle", "Chromium". */
  readonly what: string;
  readonly available: boolean;
  /** Why it is missing and how to get it. */
  readonly reason: string;
  /** The environment variable that, set to 1 (CI sets it), makes a missing requirement a failure. */
  readonly requiredBy: string;
}

/**
 * `describe` for suites that need something outside the repo (the oracle, a browser). Without it the suite is
 * skipped LOUDLY — a line on stderr and the reason in the suite's name — or, when `requiredBy` is set to 1, replaced
 * by one failing test naming the reason, so CI can never pass by skipping.
 */
export function describeIfAvailable(name: string, requirement: Requirement, body: () => void): void {
  if (requirement.available) {
    describe(name, body);
    return;
  }
  const { what, reason, requiredBy } = requirement;
  if (process.env[requiredBy] === '1') {
    describe(name, () => {
      it(`needs the ${what} (${requiredBy}=1)`, () => {
        throw new Error(`${what} required but unavailable: ${reason}`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPING "${name}": ${what} unavailable: ${reason} ***\n\n`);
  describe.skip(`${name} [SKIPPED: ${what} unavailable: ${reason}]`, body);
}
