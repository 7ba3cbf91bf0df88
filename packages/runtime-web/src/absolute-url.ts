/**
 * `url` resolved against the page (or worker) location. URLs handed to a worker must be absolute: inside it a
 * relative URL would resolve against the worker script's own URL.
 */
export function absoluteUrl(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}
