import { CITATION_BIBTEX, WEIGHTS_LICENSE_LINE } from '@swsl/registry';
import { EXIT } from '../exit-codes.js';
import { dim, type Terminal } from '../terminal.js';

/**
 * The paper's BibTeX entry on stdout (so `swsl cite >> refs.bib` works), the weights' license line beside it on
 * stderr, as the models' authors ask every user to cite the paper.
 */
export function citeCommand(t: Terminal, flags: { json?: boolean }): number {
  if (flags.json) {
    t.out(`${JSON.stringify({ bibtex: CITATION_BIBTEX, license: WEIGHTS_LICENSE_LINE }, null, 2)}\n`);
    return EXIT.ok;
  }
  t.out(`${CITATION_BIBTEX}\n`);
  t.err(dim(t.errColor, `${WEIGHTS_LICENSE_LINE}\n`));
  return EXIT.ok;
}
