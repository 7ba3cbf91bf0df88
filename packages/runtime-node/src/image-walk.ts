import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { IMAGE_FILE_NAME } from '@swsl/preprocess';

/** An image file found by the walk (`path` as reached: through the links, not resolved). */
export interface WalkedImage {
  readonly path: string;
}

/** An entry the walk could not follow: reported once, in its place, and the walk goes on. */
export interface WalkProblem {
  readonly path: string;
  readonly code: 'E_LINK_LOOP' | 'E_DANGLING_LINK' | 'E_UNREADABLE';
  readonly message: string;
}

export type WalkEntry = WalkedImage | WalkProblem;

export const isWalkProblem = (entry: WalkEntry): entry is WalkProblem => 'code' in entry;

/** The walk's order: by name, as `ls` sorts in most locales. */
const byName = (a: Dirent, b: Dirent) => a.name.localeCompare(b.name);

/** A dangling link is worth a row when it could have been an image or a folder (an image name, or no extension). */
const couldHaveBeenInput = (name: string) => IMAGE_FILE_NAME.test(name) || extname(name) === '';

function problem(path: string, code: WalkProblem['code'], message: string): WalkProblem {
  return { path, code, message: `${path}: ${message}` };
}

const unreadableFolder = (dir: string, error: unknown) =>
  problem(dir, 'E_UNREADABLE', `cannot read this folder (${(error as NodeJS.ErrnoException).code})`);

/** What a link leads to, or why it leads nowhere. */
async function followLink(path: string, name: string): Promise<Stats | WalkProblem | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      return problem(path, 'E_LINK_LOOP', 'a symbolic link that leads back to itself; fix or remove the link');
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (!couldHaveBeenInput(name)) return undefined;
      return problem(
        path,
        'E_DANGLING_LINK',
        'a symbolic link to nothing (its target is gone); fix or remove the link',
      );
    }
    return problem(path, 'E_UNREADABLE', `cannot follow this link (${code ?? String(error)})`);
  }
}

async function* walkFolder(dir: string, ancestors: ReadonlyMap<string, string>): AsyncGenerator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort(byName);
  } catch (error) {
    yield unreadableFolder(dir, error);
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let target: Stats | undefined;
    if (entry.isSymbolicLink()) {
      const followed = await followLink(path, entry.name);
      if (followed === undefined) continue;
      if (!('isDirectory' in followed)) {
        yield followed;
        continue;
      }
      target = followed;
    }
    if (target ? target.isDirectory() : entry.isDirectory()) yield* walkInto(path, ancestors, target);
    else if ((target ? target.isFile() : entry.isFile()) && IMAGE_FILE_NAME.test(entry.name)) yield { path };
  }
}

/**
 * Enters `dir` unless it is one of the folders being walked already (a loop made of links); `known` is its stat when
 * the caller followed a link to it already.
 */
async function* walkInto(
  dir: string,
  ancestors: ReadonlyMap<string, string>,
  known?: Stats,
): AsyncGenerator<WalkEntry> {
  let info: Stats;
  try {
    info = known ?? (await stat(dir));
  } catch (error) {
    yield unreadableFolder(dir, error);
    return;
  }
  const id = `${info.dev}:${info.ino}`;
  const loopsTo = ancestors.get(id);
  if (loopsTo !== undefined) {
    yield problem(dir, 'E_LINK_LOOP', `a symbolic link loop (this is ${loopsTo} again); not followed`);
    return;
  }
  yield* walkFolder(dir, new Map(ancestors).set(id, dir));
}

/**
 * Every image file below `dir`, recursively, in name order — the one folder walk of every command that takes folders
 * (classify, embed, eval, preprocess, queue submit, calibration). Symbolic links are followed, to files and to
 * folders alike (the usual way to lay out a dataset without copying it), as `find -L` does. A link that leads back
 * into a folder being walked is a loop: reported once as `E_LINK_LOOP` and not entered; a link to nothing is
 * `E_DANGLING_LINK` (when its name could have been an image or a folder). A folder reached twice through two
 * different links, without a loop, is walked twice, as the layout asked.
 */
export function walkImages(dir: string): AsyncGenerator<WalkEntry> {
  return walkInto(dir, new Map());
}
