/**
 * torch.hub's check, plus the full hash when the registry knows it: the 8 hex digits in an official file name are
 * the first 8 hex digits of the file's sha256.
 */
export interface ExpectedHash {
  readonly sha256Prefix: string;
  readonly sha256?: string;
}

/** What the digest should have been, for messages: the full hash when known, else `<prefix>…`. */
export function describeExpected(expected: ExpectedHash): string {
  return expected.sha256 ?? `${expected.sha256Prefix}…`;
}

export function hashMatches(digest: string, expected: ExpectedHash): boolean {
  const actual = digest.toLowerCase();
  if (!actual.startsWith(expected.sha256Prefix.toLowerCase())) return false;
  return expected.sha256 === undefined || actual === expected.sha256.toLowerCase();
}
