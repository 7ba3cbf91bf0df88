/**
 * The paper's BibTeX entry, verbatim as its authors publish it (the torch.hub page and the official repository end
 * with it, asking every user to cite it). Shown by `swsl cite`, the README and the docs' models page.
 */
export const CITATION_BIBTEX = `@misc{yalniz2019billionscale,
    title={Billion-scale semi-supervised learning for image classification},
    author={I. Zeki Yalniz and Hervé Jégou and Kan Chen and Manohar Paluri and Dhruv Mahajan},
    year={2019},
    eprint={1905.00546},
    archivePrefix={arXiv},
    primaryClass={cs.CV}
}`;

/** The weights' license, in one line, to print beside the citation. */
export const WEIGHTS_LICENSE_LINE =
  'The weights are Facebook AI\u2019s, licensed CC-BY-NC-4.0 (non-commercial use only): ' +
  'https://creativecommons.org/licenses/by-nc/4.0/';
