// tsc compiles only TypeScript: the generated protobuf module (src/graph/onnx-pb.js and its .d.ts) is copied to dist.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const file of ['onnx-pb.js', 'onnx-pb.d.ts'])
  copyFileSync(`${root}src/graph/${file}`, `${root}dist/graph/${file}`);
