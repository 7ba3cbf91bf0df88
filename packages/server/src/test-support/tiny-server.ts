import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { weightsSpec } from '../model-spec.js';
import { type RunningServer, type ServeOptions, startServer } from '../serve.js';

/** The repository's tiny ResNet checkpoint (1000 classes, 54k parameters): real conversions, fast runs. */
export const TINY_CHECKPOINT = fixturePath('tiny-basic.zip.pth');

/** A real server on a free 127.0.0.1 port, serving the tiny checkpoint (named `tiny`), with a private cache. */
export async function startTinyServer(
  options: Partial<ServeOptions> = {},
): Promise<RunningServer & { readonly cacheDir: string; stop(): Promise<void> }> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'swsl-serve-'));
  const server = await startServer({
    models: [{ ...weightsSpec(TINY_CHECKPOINT), name: 'tiny' }],
    port: 0,
    decodeWorkers: 1,
    ...options,
    classifier: { device: 'cpu', cacheDir, offline: true, threads: 1, ...options.classifier },
  });
  return {
    ...server,
    cacheDir,
    async stop() {
      await server.shutdown(5000);
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
