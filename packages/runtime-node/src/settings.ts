import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseSourceChoice, type RetryPolicy, type SourceChoice } from '@swsl/core';

type Env = Readonly<Record<string, string | undefined>>;

/** `$SWSL_HOME`, else `$XDG_CACHE_HOME/swsl`, else `~/.cache/swsl` (empty variables count as unset). */
export function defaultCacheDir(env: Env = process.env, home: string = homedir()): string {
  if (env.SWSL_HOME) return env.SWSL_HOME;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'swsl');
  return join(home, '.cache', 'swsl');
}

/** `SWSL_OFFLINE=1` (or `true` / `yes`) means never touch the network. */
export function offlineFromEnv(env: Env = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.SWSL_OFFLINE ?? '');
}

/** `SWSL_WEIGHTS_BASE_URL`: a mirror serving the official file names (same hash checks). */
export function baseUrlFromEnv(env: Env = process.env): string | undefined {
  return env.SWSL_WEIGHTS_BASE_URL || undefined;
}

/** `SWSL_SOURCE`: `auto` (Facebook's URL, then the Hugging Face hub), `fb` or `hf`; unset → `auto`. */
export function sourceFromEnv(env: Env = process.env): SourceChoice | undefined {
  return parseSourceChoice(env.SWSL_SOURCE, 'SWSL_SOURCE');
}

/** `HF_ENDPOINT`, as `huggingface_hub` reads it: a mirror of the hub (or a test server). */
export function hfEndpointFromEnv(env: Env = process.env): string | undefined {
  return env.HF_ENDPOINT || undefined;
}

/**
 * `SWSL_DOWNLOAD_IDLE_TIMEOUT` (seconds without a byte before a download is abandoned and resumed) and
 * `SWSL_DOWNLOAD_RETRIES` (retries within one call); unset or not a number → core's defaults.
 */
export function retryFromEnv(env: Env = process.env): Partial<RetryPolicy> {
  const seconds = Number(env.SWSL_DOWNLOAD_IDLE_TIMEOUT);
  const retries = Number(env.SWSL_DOWNLOAD_RETRIES);
  return {
    ...(env.SWSL_DOWNLOAD_IDLE_TIMEOUT && seconds > 0 ? { idleTimeoutMs: seconds * 1000 } : {}),
    ...(env.SWSL_DOWNLOAD_RETRIES && Number.isInteger(retries) && retries >= 0 ? { maxRetries: retries } : {}),
  };
}
