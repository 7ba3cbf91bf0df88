// @swsl/server README: serve a local checkpoint (converted on the fly), classify a photo over HTTP, stop gracefully.
import { readFileSync } from 'node:fs';
import { startServer, weightsSpec } from '@swsl/server';

const [checkpoint, image] = process.argv.slice(2);
const server = await startServer({
  models: [{ ...weightsSpec(checkpoint), name: 'tiny' }],
  port: 0,
  classifier: { cacheDir: 'swsl-cache', offline: true, device: 'cpu' },
});
const ready = await fetch(`${server.url}/v2/health/ready`);
const res = await fetch(`${server.url}/v1/models/tiny/classify`, {
  method: 'POST',
  headers: { 'content-type': 'image/jpeg' },
  body: readFileSync(image),
});
const rows = await res.json();
const stopped = await server.shutdown(5000);
if (ready.status !== 200 || res.status !== 200 || rows[0]?.predictions?.length !== 5 || !stopped) {
  throw new Error(
    `ready ${ready.status}, classify ${res.status} ${JSON.stringify(rows).slice(0, 200)}, stopped ${stopped}`,
  );
}
console.log(`${server.url}: ${rows[0].predictions.map((p) => p.name).join(', ')}`);
