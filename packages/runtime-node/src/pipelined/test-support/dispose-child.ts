// A process that streams through a pipelined classifier with decode workers, then disposes it and lets the event
// loop end. It prints its OS thread count (Linux /proc) before the first stream, while the pool is up, and after
// dispose: the test checks that the workers' threads are gone and that the process exits by itself.
// `node --import tsx dispose-child.ts <checkpoint> <image>…` with TSX_TSCONFIG_PATH=sources-tsconfig.json.
import { existsSync, readFileSync } from 'node:fs';
import { createClassifier } from '../../create-classifier.js';
import { withPipeline } from '../pipelined-classifier.js';

const threads = () =>
  existsSync('/proc/self/status')
    ? Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
    : undefined;
const [checkpoint, ...images] = process.argv.slice(2);
const classifier = withPipeline(await createClassifier({ checkpoint: checkpoint as string }, { device: 'cpu' }), {
  decodeWorkers: 2,
});
const before = threads();
let results = 0;
for await (const _ of classifier.stream(images)) results++;
const streaming = threads();
await classifier.dispose();
process.stdout.write(`${JSON.stringify({ results, threads: { before, streaming, disposed: threads() } })}\n`);
