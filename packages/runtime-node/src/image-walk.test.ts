import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WalkEntry, walkImages } from './image-walk.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'swsl-walk-'));
  const real = join(root, 'real');
  mkdirSync(join(real, 'sub'), { recursive: true });
  writeFileSync(join(real, 'a.jpg'), 'x');
  writeFileSync(join(real, 'notes.txt'), 'x');
  writeFileSync(join(real, 'sub', 'b.PNG'), 'x');

  const farm = join(root, 'farm');
  mkdirSync(join(farm, 'cls'), { recursive: true });
  symlinkSync(join(real, 'a.jpg'), join(farm, 'cls', 'linked.jpg')); // a linked image
  symlinkSync(join(real, 'sub'), join(farm, 'linked-dir')); // a linked folder
  symlinkSync(farm, join(farm, 'cls', 'loop')); // back to an ancestor: a loop
  symlinkSync(join(root, 'gone.jpg'), join(farm, 'cls', 'dangling.jpg')); // to nothing
  symlinkSync(join(root, 'gone.txt'), join(farm, 'cls', 'dangling.txt')); // to nothing, but not an image's name
  symlinkSync(join(farm, 'self'), join(farm, 'self')); // a link to itself
  mkdirSync(join(root, 'empty'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function walk(dir: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of walkImages(dir)) out.push(entry);
  return out;
}

const relative = (entries: WalkEntry[]) =>
  entries.map((e) => ('code' in e ? [e.path.slice(root.length + 1), e.code] : [e.path.slice(root.length + 1)]));

describe('walkImages', () => {
  it('finds image files by extension, recursively, in name order', async () => {
    expect(relative(await walk(join(root, 'real')))).toEqual([['real/a.jpg'], ['real/sub/b.PNG']]);
  });

  it('follows links to files and folders; a loop and a dangling link are one problem each, and the rest is walked', async () => {
    const entries = await walk(join(root, 'farm'));
    expect(relative(entries)).toEqual([
      ['farm/cls/dangling.jpg', 'E_DANGLING_LINK'],
      ['farm/cls/linked.jpg'],
      ['farm/cls/loop', 'E_LINK_LOOP'],
      ['farm/linked-dir/b.PNG'],
      ['farm/self', 'E_LINK_LOOP'],
    ]);
    const loop = entries.find((e) => e.path.endsWith('loop'));
    expect(loop && 'message' in loop && loop.message).toMatch(
      /farm\/cls\/loop: a symbolic link loop \(this is .*farm again\)/,
    );
  });

  it('an empty folder yields nothing', async () => {
    expect(await walk(join(root, 'empty'))).toEqual([]);
  });

  it('a folder that cannot be read is one problem', async () => {
    expect(relative(await walk(join(root, 'missing')))).toEqual([['missing', 'E_UNREADABLE']]);
  });
});
