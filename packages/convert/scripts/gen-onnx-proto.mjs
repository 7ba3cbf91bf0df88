// Regenerates src/graph/onnx-pb.js and onnx-pb.d.ts from proto/onnx.proto with protobufjs-cli (pbjs static-module,
// pbts): plain encode/decode functions on protobufjs/minimal 7, the one protobuf runtime of the repo (onnxruntime-web
// depends on the same). Run `pnpm --filter @swsl/convert gen:onnx-proto` after editing the schema; commit the output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cli from 'protobufjs-cli';

const root = fileURLToPath(new URL('..', import.meta.url));
const schema = join(root, 'proto/onnx.proto');
const out = join(root, 'src/graph/onnx-pb');

// Only what swsl uses: encode and decode (no verify, fromObject/toObject, delimited, getTypeUrl, create). A private
// `roots` name keeps these types apart from any other static module in the same bundle.
const options = ['-t', 'static-module', '-w', 'es6', '-r', 'swsl-onnx'];
const without = ['--no-create', '--no-verify', '--no-convert', '--no-delimited', '--no-typeurl', '--no-service'];

const run = (tool, args) =>
  new Promise((resolve, reject) => tool.main(args, (error, output) => (error ? reject(error) : resolve(output))));

const header = (what) =>
  [
    `// GENERATED ${what} by packages/convert/scripts/gen-onnx-proto.mjs from proto/onnx.proto (protobufjs-cli pbjs`,
    '// static-module). Do not edit: change the schema and run `pnpm --filter @swsl/convert gen:onnx-proto`.',
    '// biome-ignore-all format: generated',
    '// biome-ignore-all lint: generated',
    '',
  ].join('\n');

// pbjs imports `protobufjs/minimal` as a namespace; under Node's ESM that CommonJS module has no named exports and
// its file needs the extension, so the default import (module.exports) is used instead.
const js = (await run(cli.pbjs, [...options, ...without, '--no-comments', schema])).replace(
  'import * as $protobuf from "protobufjs/minimal";',
  'import $protobuf from "protobufjs/minimal.js";',
);
if (!js.includes('protobufjs/minimal.js')) throw new Error('pbjs output changed: the protobufjs import was not found');

// pbts reads the JSDoc of a commented build of the same module.
const scratch = mkdtempSync(join(tmpdir(), 'swsl-onnx-proto-'));
let dts;
try {
  const commented = join(scratch, 'onnx-pb.js');
  writeFileSync(commented, await run(cli.pbjs, [...options, ...without, schema]));
  dts = await run(cli.pbts, [commented]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// `long` is protobufjs's dependency, not ours: its Long interface is re-exported by protobufjs itself.
const imports = 'import * as $protobuf from "protobufjs";\nimport Long = require("long");\n';
if (!dts.startsWith(imports)) throw new Error('pbts output changed: its imports were not the expected ones');
dts = `import type * as $protobuf from "protobufjs";\nimport type { Long } from "protobufjs";\n${dts.slice(imports.length)}`;

writeFileSync(`${out}.js`, header('JavaScript') + js);
writeFileSync(`${out}.d.ts`, header('types') + dts);
const size = (file) => readFileSync(file).length;
console.log(`wrote ${out}.js (${size(`${out}.js`)} B) and ${out}.d.ts (${size(`${out}.d.ts`)} B)`);
