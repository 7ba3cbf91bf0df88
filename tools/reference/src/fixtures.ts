import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NpyArray, readNpy } from './npy.js';

/** Committed fixtures, written by `pnpm --filter @swsl/reference fixtures` (see tools/reference/README.md). */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface TinySpec {
  block: 'basic' | 'bottleneck';
  layers: [number, number, number, number];
  groups: number;
  widthPerGroup: number;
  numClasses: number;
  baseWidth: number;
}

export interface FixtureFile {
  path: string;
  model: string;
  format: 'legacy' | 'zip' | 'safetensors';
  numBatchesTracked: boolean;
  container: 'dict' | 'ordereddict';
  zipPrefix: string | null;
  spec: TinySpec;
  bytes: number;
}

export interface FixtureManifest {
  command: string;
  models: Record<string, { spec: TinySpec; parameters: number; input: string; logits: string; features: string }>;
  files: FixtureFile[];
}

export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

export function readFixtureManifest(): FixtureManifest {
  return JSON.parse(readFileSync(fixturePath('manifest.json'), 'utf8')) as FixtureManifest;
}

export function readFixtureNpy(name: string): NpyArray {
  return readNpy(readFileSync(fixturePath(name)));
}
