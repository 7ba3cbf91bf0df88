// VitePress data loader: runs at build time in Node; the logic (and its test) is in src/site/bench-reports.ts.
import { fileURLToPath } from 'node:url';
import { BENCH_SOURCES, loadBenchReports } from '../src/site/bench-reports.js';

const runDir = fileURLToPath(new URL('../../../.cache/bench', import.meta.url));
const snapshotDir = fileURLToPath(new URL('../data/bench', import.meta.url));

export default {
  watch: [`${runDir}/*.json`, `${snapshotDir}/*.json`],
  // Both languages at once: BenchReport.vue picks the page's (English at the root, Korean under /ko/).
  load: () => ({
    en: loadBenchReports(runDir, snapshotDir),
    ko: loadBenchReports(runDir, snapshotDir, BENCH_SOURCES, 'ko'),
  }),
};
