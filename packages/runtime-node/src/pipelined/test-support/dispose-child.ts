// A process that streams through a pipelined classifier with decode workers, then disposes it and lets the event
// loop end. It prints its own threads (Linux /proc) before the first stream, while the pool is up, and after dispose,
// and the modules matching /sharp/ that the main thread itself resolved: the test checks that the workers' threads are
// gone, that decoding stayed in them, and that the process exits by itself.
// `node --import tsx dispose-child.ts <decode workers> <checkpoint> <image>…` with TSX_TSCONFIG_PATH=sources-tsconfig.json
// (0 decode workers: decoding in the main thread, the test's proof that the module check sees a sharp load).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { createClassifier } from '../../create-classifier.js';
import { withPipeline } from '../pipelined-classifier.js';

const mainThreadSharp: string[] = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => mainThreadSharp.push(url));
port1.unref();
register('./main-thread-imports.mjs', {
  parentURL: import.meta.url,
  data: { port: port2, pattern: '/sharp|@img/' },
  transferList: [port2],
});

/**
 * This process's threads by name. A Node worker thread is named as the thread that started it (Linux threads inherit
 * the name), while native libraries name their own pools (libvips' `libvips worker` lives as long as the process,
 * whichever thread started it): the test counts the threads named as the main thread.
 */
function threadNames(): string[] | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  return readdirSync('/proc/self/task').map((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim());
}
const ownName = existsSync('/proc/self/comm') ? readFileSync('/proc/self/comm', 'utf8').trim() : '';
const threads = () => {
  const names = threadNames();
  return names && { own: names.filter((n) => n === ownName).length, all: names };
};

const [workers, checkpoint, ...images] = process.argv.slice(2);
const classifier = withPipeline(await createClassifier({ checkpoint: checkpoint as string }, { device: 'cpu' }), {
  decodeWorkers: Number(workers),
});
const before = threads();
let results = 0;
for await (const _ of classifier.stream(images)) results++;
const streaming = threads();
await classifier.dispose();
const disposed = threads();
// Resolutions are reported by message from the hooks thread: let the last ones arrive.
await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write(`${JSON.stringify({ results, threads: { before, streaming, disposed }, mainThreadSharp })}\n`);
