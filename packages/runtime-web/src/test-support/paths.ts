import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests and benchmarks run from any working directory). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const PACKAGE_ROOT = join(REPO_ROOT, 'packages', 'runtime-web');
export const ORT_DIST = join(PACKAGE_ROOT, 'node_modules', 'onnxruntime-web', 'dist');
export const samplePath = (name: string) => join(REPO_ROOT, 'samples', name);
