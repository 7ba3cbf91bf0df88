import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrlFromEnv, defaultCacheDir, offlineFromEnv, retryFromEnv, sourceFromEnv } from './settings.js';

describe('settings from the environment', () => {
  it('cache dir: $SWSL_HOME, else $XDG_CACHE_HOME/swsl, else ~/.cache/swsl', () => {
    expect(defaultCacheDir({ SWSL_HOME: '/a', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/a');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe(join('/x', 'swsl'));
    expect(defaultCacheDir({ SWSL_HOME: '', XDG_CACHE_HOME: '' }, '/home/u')).toBe(join('/home/u', '.cache', 'swsl'));
  });

  it('SWSL_OFFLINE=1 / true / yes is offline; unset, 0 and empty are not', () => {
    expect(['1', 'true', 'YES'].map((v) => offlineFromEnv({ SWSL_OFFLINE: v }))).toEqual([true, true, true]);
    expect(['0', '', undefined].map((v) => offlineFromEnv({ SWSL_OFFLINE: v }))).toEqual([false, false, false]);
  });

  it('SWSL_WEIGHTS_BASE_URL is the mirror; empty means the official URLs', () => {
    expect(baseUrlFromEnv({ SWSL_WEIGHTS_BASE_URL: 'http://m/w/' })).toBe('http://m/w/');
    expect(baseUrlFromEnv({ SWSL_WEIGHTS_BASE_URL: '' })).toBeUndefined();
  });

  it('SWSL_DOWNLOAD_IDLE_TIMEOUT (seconds) and SWSL_DOWNLOAD_RETRIES; nonsense is ignored', () => {
    expect(retryFromEnv({ SWSL_DOWNLOAD_IDLE_TIMEOUT: '5', SWSL_DOWNLOAD_RETRIES: '0' })).toEqual({
      idleTimeoutMs: 5000,
      maxRetries: 0,
    });
    expect(retryFromEnv({ SWSL_DOWNLOAD_IDLE_TIMEOUT: 'soon', SWSL_DOWNLOAD_RETRIES: '-1' })).toEqual({});
  });

  it('SWSL_SOURCE is auto, fb or hf (any case); anything else is E_SOURCE', () => {
    expect(['auto', 'FB', 'hf', ''].map((v) => sourceFromEnv({ SWSL_SOURCE: v }))).toEqual([
      'auto',
      'fb',
      'hf',
      undefined,
    ]);
    expect(() => sourceFromEnv({ SWSL_SOURCE: 'ftp' })).toThrow(expect.objectContaining({ code: 'E_SOURCE' }));
  });
});
