import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { removeOnExit } from './remove-on-exit.js';

/**
 * onnxruntime optimizes a graph each time a session opens it (fusions, constant folding, the CPU's NCHWc layout),
 * then copies every weight into memory: 1.2 s for a fresh process to open resnet50 fp32 here. It can save the
 * optimized graph with its weights in a file of their own, which later opens map: 0.09 s. That pair is kept as
 * `<model>.<key>.optimized` (+ `.optimized-data`): beside the ONNX for models in the cache, in the cache's
 * `local/optimized/` for a user's own file. The key covers what makes it valid: the ONNX's size and modification
 * time, onnxruntime's version, and this CPU (onnxruntime warns that a fully optimized graph may use instructions of
 * the machine that made it — a cache shared between machines gets one file per kind of CPU). A stale or foreign file
 * is never used: another key names another file; files of older keys are removed.
 */
export const OPTIMIZED_SUFFIX = '.optimized';

let cpuIdentity: string | undefined;

/** The CPU model and its feature flags (Linux), or the model name alone (elsewhere). */
function cpu(): string {
  if (cpuIdentity) return cpuIdentity;
  let flags = '';
  if (existsSync('/proc/cpuinfo')) {
    flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
  }
  cpuIdentity = `${process.arch} ${cpus()[0]?.model ?? ''} ${flags}`;
  return cpuIdentity;
}

const ortVersion = () => ort.env.versions.node ?? ort.env.versions.common;

/**
 * Where the optimized form of the ONNX at `modelPath` lives for this onnxruntime and CPU, given the ONNX's stat: in
 * `folder` (default: beside the model, for the cache's own files).
 */
export async function optimizedPath(modelPath: string, folder = dirname(modelPath)): Promise<string> {
  const info = await stat(modelPath);
  const key = createHash('sha256')
    .update(`${info.size} ${info.mtimeMs} ${ortVersion()} ${cpu()}`)
    .digest('hex')
    .slice(0, 12);
  return join(folder, `${basename(modelPath)}.${key}${OPTIMIZED_SUFFIX}`);
}

/**
 * The folder for the optimized form of a user's own ONNX file (`{ onnx: path }`, `--weights x.onnx`): in the cache,
 * never beside the user's file, one folder per absolute path (`local/`, which `swsl cache rm --all` removes).
 */
export function userModelOptimizedFolder(cacheDir: string, modelPath: string): string {
  const id = createHash('sha256').update(resolve(modelPath)).digest('hex').slice(0, 16);
  return join(cacheDir, 'local', 'optimized', id);
}

/** The weights of a saved optimized model: a file of their own, which onnxruntime maps instead of copying. */
export const OPTIMIZED_DATA_SUFFIX = '.optimized-data';

/** Whether `name` (in the model's folder) is a saved optimized form of the model, graph or weights. */
export const isOptimizedFile = (modelPath: string, name: string) =>
  name.startsWith(`${basename(modelPath)}.`) &&
  (name.endsWith(OPTIMIZED_SUFFIX) || name.endsWith(OPTIMIZED_DATA_SUFFIX));

/**
 * Where onnxruntime saves the optimized model while it opens a session: the graph to a temp path, the weights to a
 * file of their own (`extra`: onnxruntime's session entries for that; maps them on later opens: 0.09 s instead of
 * 0.7 s for resnet50 here). `commit()` puts the graph in place atomically — only then is the pair used — and removes
 * every other saved form of the model (older keys, another writer's weights); `discard()` removes what was written.
 */
export function optimizedTarget(modelPath: string, path: string) {
  const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = `${path}.${unique}.tmp`;
  // Each writer its own weights file: a reader that maps the committed pair never sees them rewritten.
  const data = `${basename(path).slice(0, -OPTIMIZED_SUFFIX.length)}.${unique}${OPTIMIZED_DATA_SUFFIX}`;
  const folder = dirname(path);
  const forget = [removeOnExit(temp), removeOnExit(join(folder, data))];
  const done = () => {
    for (const f of forget) f();
  };
  return {
    temp,
    extra: {
      optimized_model_external_initializers_file_name: data,
      optimized_model_external_initializers_min_size_in_bytes: '1024',
    },
    async commit() {
      await rename(temp, path);
      done();
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        if (name !== basename(path) && name !== data && isOptimizedFile(modelPath, name)) {
          // A file mapped by a running session stays readable after its name is removed.
          await rm(join(folder, name), { force: true });
        }
      }
    },
    async discard() {
      await rm(temp, { force: true });
      await rm(join(folder, data), { force: true });
      done();
    },
  };
}
