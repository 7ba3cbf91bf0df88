import { createHash } from 'node:crypto';
import type { CreateHasher } from '@swsl/core';

/** Node's sha256, fed chunk by chunk as a download streams in. */
export const nodeHasher: CreateHasher = async () => {
  const hash = createHash('sha256');
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digest: () => hash.digest('hex'),
  };
};
