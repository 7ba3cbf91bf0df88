import { createHash, timingSafeEqual } from 'node:crypto';
import { ServeError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `Authorization: Bearer <key>` against the configured key, in constant time (both sides hashed first, so neither
 * the key's length nor its bytes leak through timing).
 */
export function bearerCheck(apiKey: string): (authorization: string | undefined) => void {
  const expected = digest(apiKey);
  return (authorization) => {
    const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      throw new ServeError(401, 'E_UNAUTHORIZED', 'missing or wrong API key: send "Authorization: Bearer <key>"', {
        'www-authenticate': 'Bearer',
      });
    }
  };
}

/** Paths a probe reaches without the key: liveness and readiness. */
export const isHealthPath = (path: string) => path === '/v2/health/live' || path === '/v2/health/ready';
