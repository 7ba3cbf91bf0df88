/** Lower-case hex sha256 with WebCrypto (SubtleCrypto exists on the main thread and in workers, secure contexts). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto's types reject views that might be on a SharedArrayBuffer; ours never are.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
