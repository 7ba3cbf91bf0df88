// VitePress data loader (build time, Node): the int8 figures the playground shows beside its precision choice, from
// `pnpm bench:web-int8`'s JSON; the logic (and its test) is in src/playground/int8-figures.ts.
import { fileURLToPath } from 'node:url';
import { loadInt8Figures } from '../src/playground/int8-figures.js';

const runDir = fileURLToPath(new URL('../../../.cache/bench', import.meta.url));
const snapshotDir = fileURLToPath(new URL('../data/bench', import.meta.url));

export default {
  watch: [`${runDir}/web-int8.json`, `${snapshotDir}/web-int8.json`],
  load: () => loadInt8Figures(runDir, snapshotDir) ?? null,
};
