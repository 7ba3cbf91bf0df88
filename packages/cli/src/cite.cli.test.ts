import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';

// The entry exactly as the paper's authors publish it (the torch.hub page and the official repository end with it):
// the oracle here is their text, byte for byte, not anything swsl wrote.
const AUTHORS_BIBTEX = `@misc{yalniz2019billionscale,
    title={Billion-scale semi-supervised learning for image classification},
    author={I. Zeki Yalniz and Hervé Jégou and Kan Chen and Manohar Paluri and Dhruv Mahajan},
    year={2019},
    eprint={1905.00546},
    archivePrefix={arXiv},
    primaryClass={cs.CV}
}`;

/** Every ```bibtex block of a Markdown file. */
const bibtexBlocks = (file: string) =>
  [...readFileSync(join(REPO, file), 'utf8').matchAll(/```bibtex\n([\s\S]*?)\n```/g)].map((m) => m[1]);

describe('the citation', () => {
  it('swsl cite prints the BibTeX byte for byte on stdout, the license line on stderr', async () => {
    const r = await runCli(['cite']);
    expect(r.code).toBe(0);
    expect(Buffer.from(r.stdout)).toEqual(Buffer.from(`${AUTHORS_BIBTEX}\n`));
    expect(r.stderr).toMatch(/CC-BY-NC-4\.0 \(non-commercial use only\)/);
    const json = JSON.parse((await runCli(['cite', '--json'])).stdout);
    expect(json.bibtex).toBe(AUTHORS_BIBTEX);
  });

  it.each(['README.md', 'apps/docs/guide/models.md', 'apps/docs/ko/guide/models.md'])(
    '%s shows the same BibTeX, with the license beside it',
    (file) => {
      expect(bibtexBlocks(file)).toEqual([AUTHORS_BIBTEX]);
      expect(readFileSync(join(REPO, file), 'utf8')).toMatch(/CC-BY-NC/);
    },
  );
});
