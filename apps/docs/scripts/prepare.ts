// Runs before `vitepress build`/`dev`: generates what the site includes but git does not keep (see .gitignore).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../src/site/isolation-headers.js';
import { writeApiDocs } from './prepare/api-docs.js';
import { apiEntryPoints } from './prepare/api-entry-points.js';
import { writeCliReadme } from './prepare/cli-readme.js';
import { copyOrtAssets } from './prepare/ort-assets.js';

const docs = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const started = performance.now();

const ort = copyOrtAssets(docs('public/ort'));
console.log(`ort: ${ort.length} files → public/ort/`);

// The playground's "use the sample cat" photo (CC0, see samples/README.md).
mkdirSync(docs('public/samples'), { recursive: true });
copyFileSync(docs('../../samples/chelsea.jpg'), docs('public/samples/chelsea.jpg'));

console.log(`cli: ${writeCliReadme(docs('../../packages/cli/README.md'), docs('reference/cli-readme.md'))}`);

// Netlify / Cloudflare Pages read this file: cross-origin isolation for multi-threaded WASM on the deployed site.
const headers = Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
writeFileSync(docs('public/_headers'), `/*\n${headers.join('\n')}\n`);

const entries = apiEntryPoints(docs('../../packages'));
await writeApiDocs(entries, docs('tsconfig.api.json'), docs('reference/api'));
console.log(`api: ${entries.map((e) => e.moduleName).join(', ')}`);
console.log(`prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
