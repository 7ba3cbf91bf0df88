import { Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.js';

/** `--redis`, else `SWSL_REDIS_URL`, else a Redis on this machine. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const redisUrl = (flag: string | undefined) => flag ?? process.env.SWSL_REDIS_URL ?? DEFAULT_REDIS_URL;

/** The URL for messages and logs: its password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<an unparsable Redis URL>';
  }
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A Redis client for `url` (`redis://user:pass@host:6379/0`, `rediss://` for TLS — ioredis parses both), connected
 * or a one-line `E_REDIS`. A worker keeps reconnecting after that (Redis restarts, failovers: BullMQ needs
 * `maxRetriesPerRequest: null`); the short-lived commands give up after a few tries instead of hanging.
 */
export async function connectRedis(url: string, options: { longLived?: boolean } = {}): Promise<Redis> {
  const shown = redactUrl(url);
  if (!/^rediss?:\/\//.test(url))
    throw new RedisUnavailableError(shown, 'the URL must start with redis:// or rediss://');
  let lastError: Error | undefined;
  let connected = false;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: options.longLived ? null : 2,
    // Before the first connection, and always for short-lived commands: give up after three tries, so a wrong URL is
    // one line, not a hang. A connected worker rides out a Redis restart.
    retryStrategy: (times) => (connected && options.longLived ? Math.min(times * 200, 2_000) : times > 3 ? null : 200),
  });
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
    connected = true;
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message.split('\n')[0] ?? 'unknown error';
    throw new RedisUnavailableError(shown, reason, { cause: error });
  }
  return client;
}
