import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oracle's entry point, relative to this file so it works from any working directory. */
export const ORACLE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'py', 'oracle.py');

/**
 * Debian's interpreter, which has python3-torch/torchvision/pil. The `python3` first on PATH here is a different
 * Python without them, so PATH is deliberately not searched. `SWSL_ORACLE_PYTHON` overrides.
 */
export const ORACLE_PYTHON = process.env.SWSL_ORACLE_PYTHON ?? '/usr/bin/python3';

export interface OracleVersions {
  python: string;
  torch: string;
  torchvision: string;
  pillow: string;
  numpy: string;
  onnx: string;
  threads: number;
}

export type OracleStatus = { available: true; versions: OracleVersions } | { available: false; reason: string };

let cached: OracleStatus | undefined;

const INSTALL_HINT = 'install it with `apt-get install -y python3-torch python3-torchvision python3-pil python3-onnx`';

/** Probes the oracle once per process (imports torch, ~1 s). */
export function oracleStatus(): OracleStatus {
  if (cached) return cached;
  if (!existsSync(ORACLE_PYTHON)) {
    cached = { available: false, reason: `${ORACLE_PYTHON} not found; ${INSTALL_HINT}` };
    return cached;
  }
  const probe = spawnSync(ORACLE_PYTHON, [ORACLE_SCRIPT, 'info'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`;
    cached = { available: false, reason: `${ORACLE_PYTHON} cannot run the oracle (${why}); ${INSTALL_HINT}` };
    return cached;
  }
  cached = { available: true, versions: JSON.parse(probe.stdout) as OracleVersions };
  return cached;
}

/** `SWSL_REQUIRE_ORACLE=1` (set by CI) turns a missing oracle from a loud skip into a failure. */
export function oracleRequired(): boolean {
  return process.env.SWSL_REQUIRE_ORACLE === '1';
}

/** Runs one oracle command and returns its JSON answer; a failure throws with the oracle's stderr. */
export function runOracle<T = unknown>(args: readonly string[], options: { timeoutMs?: number } = {}): T {
  const result = spawnSync(ORACLE_PYTHON, [ORACLE_SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `oracle ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}`,
    );
  }
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as T;
}
