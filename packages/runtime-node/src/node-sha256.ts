import { createHash } from 'node:crypto';
import type { Sha256 } from '@swsl/core';

/** Streams the chunks through Node's sha256, so a multi-hundred-MB checkpoint is never held twice. */
export const nodeSha256: Sha256 = async (chunks) => {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
};
