import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureManifest } from '@swsl/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';

// How the commands that take folders see them: symbolic links followed (a "symlink farm" ImageFolder is the usual way
// to lay out ImageNet val without copying it), loops and dangling links reported once, empty inputs refused.
const work = mkdtempSync(join(tmpdir(), 'swsl-folders-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const tiny = fixturePath(readFixtureManifest().files.find((f) => f.model === 'tiny-basic' && f.format === 'zip')!.path);
const model = ['--weights', tiny, '--device', 'cpu'];

const CLASSES = [
  ['n02123045', 'chelsea'],
  ['n07920052', 'coffee'],
  ['n04099969', 'rocket'],
] as const;
const sample = (name: string) => join(REPO, 'samples', `${name}.jpg`);
const copied = join(work, 'copied');
const farm = join(work, 'farm');
const linkedClasses = join(work, 'linked-classes');

beforeAll(() => {
  for (const [wnid, name] of CLASSES) {
    // The same files three ways: copied; class folders real, images linked; class folders themselves linked.
    mkdirSync(join(copied, wnid), { recursive: true });
    copyFileSync(sample(name), join(copied, wnid, `${name}.jpg`));
    mkdirSync(join(farm, wnid), { recursive: true });
    symlinkSync(sample(name), join(farm, wnid, `${name}.jpg`));
  }
  mkdirSync(linkedClasses);
  for (const [wnid] of CLASSES) symlinkSync(join(copied, wnid), join(linkedClasses, wnid));
});

const evalJson = async (dir: string) => {
  const r = await runCli(['eval', dir, '--json', '--fresh', '--results', join(work, 'results.jsonl'), ...model], {
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  const { dataset: _, results: __, ...counts } = JSON.parse(r.stdout);
  return counts;
};

describe('folders with symbolic links', () => {
  it('eval gives the same counts on a symlink farm and on a linked class folder as on the copied files', async () => {
    const reference = await evalJson(copied);
    expect(reference).toMatchObject({ images: 3, evaluated: 3, errors: 0, layout: 'imagefolder' });
    expect(await evalJson(farm)).toEqual(reference);
    expect(await evalJson(linkedClasses)).toEqual(reference);
  });

  it('classify: a link loop and a dangling link are one typed error row each; the rest is answered', async () => {
    const dir = join(work, 'broken');
    mkdirSync(join(dir, 'photos'), { recursive: true });
    symlinkSync(sample('chelsea'), join(dir, 'photos', 'a.jpg'));
    symlinkSync(join(work, 'nothing-here.jpg'), join(dir, 'photos', 'b.jpg'));
    symlinkSync(dir, join(dir, 'photos', 'c-loop'));
    symlinkSync(sample('coffee'), join(dir, 'photos', 'd.jpg'));
    const r = await runCli(['classify', dir, '--jsonl', ...model], { env });
    expect(r.code).toBe(3);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.file.slice(dir.length + 1), row.error?.code ?? row.predictions.length])).toEqual([
      ['photos/a.jpg', 5],
      ['photos/b.jpg', 'E_DANGLING_LINK'],
      ['photos/c-loop', 'E_LINK_LOOP'],
      ['photos/d.jpg', 5],
    ]);
    expect(rows[2].error.message).toMatch(/c-loop: a symbolic link loop \(this is .*broken again\); not followed/);

    // eval: the same two problems are error rows of their class, counted as failed, and the rest is evaluated.
    const classes = join(work, 'broken-classes');
    mkdirSync(join(classes, 'n02123045'), { recursive: true });
    symlinkSync(sample('chelsea'), join(classes, 'n02123045', 'chelsea.jpg'));
    symlinkSync(join(work, 'nothing-here.jpg'), join(classes, 'n02123045', 'gone.jpg'));
    symlinkSync(classes, join(classes, 'n02123045', 'loop'));
    const e = await runCli(['eval', classes, '--json', '--results', join(work, 'broken.jsonl'), ...model], { env });
    expect(e.code).toBe(3);
    expect(JSON.parse(e.stdout)).toMatchObject({
      images: 3,
      evaluated: 1,
      errors: 2,
      errorsByCode: { E_DANGLING_LINK: 1, E_LINK_LOOP: 1 },
    });
  });
});

describe('inputs that hold no image', () => {
  const empty = join(work, 'empty');
  const textOnly = join(work, 'text-only');
  beforeAll(() => {
    mkdirSync(empty, { recursive: true });
    mkdirSync(textOnly, { recursive: true });
    copyFileSync(join(REPO, 'README.md'), join(textOnly, 'README.md'));
  });

  it.each([
    ['classify', ['classify', empty, ...model]],
    ['classify (a folder of other files)', ['classify', textOnly, ...model]],
    ['embed', ['embed', empty, '-o', join(work, 'never'), ...model]],
    ['preprocess', ['preprocess', empty, '-o', join(work, 'never-crops')]],
    ['queue submit', ['queue', 'submit', empty, '--task', 'classify', '--redis', 'redis://127.0.0.1:9']],
  ])('%s: one line naming what was given, E_NO_INPUT, exit status 3', async (_, args) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^swsl: .*(empty|text-only): no image to process .*\[E_NO_INPUT\]\n$/);
    expect(existsSync(join(work, 'never.npy'))).toBe(false);
    expect(existsSync(join(work, 'never-crops'))).toBe(false);
  });

  it('a folder with an image beside an empty one is fine', async () => {
    const r = await runCli(['classify', empty, sample('rocket'), '--jsonl', ...model], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('swsl preprocess takes what classify takes', () => {
  it('a folder: every image’s crop, mirrored below -o; the same bytes as naming each file', async () => {
    const out = join(work, 'crops');
    const r = await runCli(['preprocess', farm, '-o', out, '--npy']);
    expect(r.code, r.stderr).toBe(0);
    const written = CLASSES.flatMap(([wnid, name]) => [
      join(out, wnid, `${name}.jpg.png`),
      join(out, wnid, `${name}.jpg.npy`),
    ]);
    expect(r.stdout.trim().split('\n').sort()).toEqual([...written].sort());
    const single = join(work, 'crops-single');
    const one = await runCli(['preprocess', sample('coffee'), '-o', single, '--npy']);
    expect(one.code, one.stderr).toBe(0);
    expect(readFileSync(join(out, 'n07920052', 'coffee.jpg.npy'))).toEqual(
      readFileSync(join(single, 'coffee.jpg.npy')),
    );
  });

  it('a quoted glob and stdin', async () => {
    const out = join(work, 'crops-glob');
    const glob = await runCli(['preprocess', 'samples/c*.jpg', '-o', out]);
    expect(glob.code, glob.stderr).toBe(0);
    expect(glob.stdout.trim().split('\n')).toEqual([join(out, 'chelsea.jpg.png'), join(out, 'coffee.jpg.png')]);
    const stdin = await runCli(['preprocess', '-', '-o', out], { input: readFileSync(sample('rocket')) });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stdout).toBe(`${join(out, 'stdin.png')}\n`);
  });
});
