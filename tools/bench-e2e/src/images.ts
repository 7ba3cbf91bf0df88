// The benchmark's inputs: the distinct JPEGs, the repeated list every path classifies, and (for the CLI, which
// takes a folder) a temporary folder holding that list as distinct files.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { removeOnExit } from '@swsl/runtime-node';

export function listImages(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`no images at ${dir}: set SWSL_BENCH_IMAGES`);
  const files = readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no JPEG or PNG files in ${dir}`);
  return files;
}

export const repeatList = <T>(items: readonly T[], times: number): T[] =>
  Array.from({ length: times }, () => items).flat();

/**
 * The distinct images, `repeat` times, copied into a fresh folder under distinct names (`r2-<name>` is the second
 * copy), so `swsl classify <folder>` reads the same images the in-process paths read. `remove()` deletes it.
 */
export function imageFolder(distinct: readonly string[], repeat: number): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'swsl-bench-e2e-'));
  // Also removed if the run is interrupted (Ctrl-C) or fails: copies nobody else uses (~25 MB by default).
  const forget = removeOnExit(dir);
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    forget();
  };
  try {
    for (let r = 1; r <= repeat; r++) {
      for (const file of distinct) copyFileSync(file, join(dir, `r${r}-${basename(file)}`));
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}
