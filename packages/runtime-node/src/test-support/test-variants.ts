import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StoreVariant } from '@swsl/core';
import { fixturePath } from '@swsl/reference';

export interface TestCheckpoint {
  readonly variant: StoreVariant;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/**
 * A variant row for a committed oracle-made fixture, named like the official files
 * (`semi_weakly_supervised_<arch>-<sha8>.pth`) but with the fixture's own hash, since it is not the official file.
 * The official URL points at the discard port of 127.0.0.1, so a test that forgets its mirror fails locally.
 */
export function fixtureCheckpoint(fixture = 'tiny-basic.legacy.pth', arch = 'resnet18'): TestCheckpoint {
  const bytes = new Uint8Array(readFileSync(fixturePath(fixture)));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = `semi_weakly_supervised_${arch}-${sha256.slice(0, 8)}.pth`;
  return {
    bytes,
    sha256,
    variant: {
      name: `test_${arch}_swsl`,
      weights: { url: `http://127.0.0.1:9/official/${fileName}`, fileName, sha256Prefix: sha256.slice(0, 8), sha256 },
    },
  };
}

/** A `resolve` option that knows only the given rows. */
export function resolverFor(...variants: StoreVariant[]): (name: string) => StoreVariant {
  return (name) => {
    const found = variants.find((v) => v.name === name);
    if (!found) throw new Error(`test resolver: no variant ${name}`);
    return found;
  };
}

/** A variant whose hub copy is a committed fixture: the hub repo `timm/test_<arch>.fb_swsl_ig1b_ft_in1k`. */
export function hubFixture(fixture = 'tiny-basic.safetensors', arch = 'resnet18'): TestCheckpoint & { repo: string } {
  const base = fixtureCheckpoint('tiny-basic.legacy.pth', arch);
  const bytes = new Uint8Array(readFileSync(fixturePath(fixture)));
  const repo = `timm/test_${arch}.fb_swsl_ig1b_ft_in1k`;
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    repo,
    variant: { ...base.variant, hub: { repo, file: 'model.safetensors', revision: 'main' } },
  };
}
