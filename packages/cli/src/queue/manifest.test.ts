import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelByWnid } from '@swsl/registry';
import { closedPort } from '@swsl/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, redactUrl } from './connection.js';
import { collectInputs } from './manifest.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-manifest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('queue inputs', () => {
  it('manifests: paths relative to the manifest, URLs as given, JSON lines with labels; repeats kept once', async () => {
    mkdirSync(join(work, 'lists'));
    const text = join(work, 'lists', 'inputs.txt');
    writeFileSync(text, '# comment\n\nphotos/a.jpg\n/abs/b.png\nhttps://example.com/c.jpg\nphotos/a.jpg\n');
    const { entries, duplicates } = await collectInputs([text], 'classify');
    expect(entries).toEqual([
      { input: join(work, 'lists', 'photos/a.jpg') },
      { input: '/abs/b.png' },
      { input: 'https://example.com/c.jpg' },
    ]);
    expect(duplicates).toBe(1);

    const jsonl = join(work, 'lists', 'eval.jsonl');
    writeFileSync(jsonl, '{"input": "x.jpg", "label": 3}\n{"input": "/y.jpg", "label": "n01440764"}\n');
    expect((await collectInputs([jsonl], 'eval')).entries).toEqual([
      { input: join(work, 'lists', 'x.jpg'), label: 3 },
      { input: '/y.jpg', label: labelByWnid('n01440764')!.index },
    ]);
  });

  it('a bad manifest line names the file and line; eval without labels says what it needs', async () => {
    const bad = join(work, 'bad.jsonl');
    writeFileSync(bad, '{"input": "a.jpg"}\n{"input": "b.jpg", "label": "not-a-wnid"}\n');
    await expect(collectInputs([bad], 'classify')).rejects.toMatchObject({
      code: 'E_MANIFEST',
      message: expect.stringContaining(`${bad}:2: "label" "not-a-wnid" is neither a class index nor an ImageNet wnid`),
    });
    const unlabelled = join(work, 'unlabelled.txt');
    writeFileSync(unlabelled, 'a.jpg\n');
    await expect(collectInputs([unlabelled], 'eval')).rejects.toMatchObject({ code: 'E_NO_LABEL' });
    await expect(collectInputs([join(work, 'missing-dir')], 'classify')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('an unreachable Redis is one E_REDIS error, its password never shown', async () => {
    const url = `redis://swsl:s3cret@127.0.0.1:${await closedPort()}/0`;
    expect(redactUrl(url)).not.toContain('s3cret');
    const error = await connectRedis(url).catch((e) => e);
    expect(error).toMatchObject({ code: 'E_REDIS' });
    expect(error.message).toContain('redis://swsl:***@127.0.0.1:');
    expect(error.message).not.toContain('s3cret');
  });
});
