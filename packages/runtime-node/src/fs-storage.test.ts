import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsStorage } from './fs-storage.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'swsl-fs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createFsStorage', () => {
  it('put/get/has/list/remove, leaving no temp file behind', async () => {
    const storage = createFsStorage(root);
    await storage.put('onnx/a.onnx', new Uint8Array([1, 2]));
    await storage.put('onnx/a.onnx', new Uint8Array([3])); // replaced whole

    expect(await storage.get('onnx/a.onnx')).toEqual(new Uint8Array([3]));
    expect(await storage.has('onnx/a.onnx')).toBe(true);
    expect(await storage.get('onnx/missing.onnx')).toBeUndefined();
    expect(await readdir(join(root, 'onnx'))).toEqual(['a.onnx']);
    expect(storage.locate('onnx/a.onnx')).toBe(join(root, 'onnx', 'a.onnx'));

    await storage.remove('onnx/a.onnx');
    expect(await storage.list('')).toEqual([]);
  });

  it('a partial file survives close, is not listed, and becomes the entry only on commit', async () => {
    const storage = createFsStorage(root);
    const first = await storage.openPartial('checkpoints/x.pth');
    await first.append(new Uint8Array([1, 2, 3]));
    await first.close();
    expect(await storage.list('')).toEqual([]);

    const second = await storage.openPartial('checkpoints/x.pth');
    expect(second.size()).toBe(3);
    await second.append(new Uint8Array([4]));
    await second.commit();
    expect(await storage.get('checkpoints/x.pth')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(await readdir(join(root, 'checkpoints'))).toEqual(['x.pth']);
  });

  it('refuses keys that leave the cache directory', () => {
    expect(() => createFsStorage(root).locate('../outside.pth')).toThrow(/outside/);
  });
});
