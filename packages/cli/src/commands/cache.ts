import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest } from '@swsl/core';
import { resolveVariant, VARIANTS } from '@swsl/registry';
import { createFsStorage, nodeSha256 } from '@swsl/runtime-node';
import { EXIT } from '../exit-codes.js';
import { openStore, type StoreFlags } from '../model-store.js';
import { dim, red, type Terminal } from '../terminal.js';

/**
 * The cached checkpoints and ONNX models; with `local`, also the conversions of `--weights` checkpoints (kept under
 * their content hash, with no manifest entry: derived files, which `cache verify` leaves out).
 */
async function cachedFiles(flags: StoreFlags, { local = false } = {}) {
  const store = openStore(flags);
  const storage = createFsStorage(store.cacheDir);
  const manifest = await readManifest(storage);
  const conversions = local ? (await storage.list('local/')).filter((key) => key.endsWith('.onnx')) : [];
  const keys = [...(await storage.list('checkpoints/')), ...(await storage.list('onnx/')), ...conversions];
  const files = await Promise.all(
    keys.map(async (key) => ({
      key,
      path: storage.locate(key),
      bytes: (await stat(storage.locate(key))).size,
      entry: manifest.files[key],
    })),
  );
  return { store, files };
}

export async function cacheDirCommand(t: Terminal, flags: StoreFlags): Promise<number> {
  t.out(`${openStore(flags).cacheDir}\n`);
  return EXIT.ok;
}

export async function cacheLsCommand(t: Terminal, flags: StoreFlags & { json?: boolean }): Promise<number> {
  const { store, files } = await cachedFiles(flags, { local: true });
  if (flags.json) {
    t.out(
      `${JSON.stringify(
        files.map(({ key, path, bytes, entry }) => ({ key, path, bytes, ...entry })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  for (const f of files) {
    t.out(
      `${(f.bytes / 1e6).toFixed(1).padStart(8)} MB  ${f.key}${f.entry ? dim(t.outColor, `  ${f.entry.variant}`) : ''}\n`,
    );
  }
  if (!t.quiet) t.err(dim(t.errColor, `${files.length} files in ${store.cacheDir}\n`));
  return EXIT.ok;
}

export async function cacheRmCommand(
  t: Terminal,
  names: readonly string[],
  flags: StoreFlags & { all?: boolean },
): Promise<number> {
  const store = openStore(flags);
  const variants = flags.all ? VARIANTS : names.map((n) => resolveVariant(n));
  for (const v of variants) {
    for (const key of await store.remove(v.name)) t.out(`removed ${key}\n`);
  }
  if (flags.all) {
    const local = join(store.cacheDir, 'local');
    if (await stat(local).catch(() => undefined)) {
      await rm(local, { recursive: true, force: true });
      t.out(`removed ${local} (conversions of --weights checkpoints)\n`);
    }
  }
  return EXIT.ok;
}

/**
 * Re-hashes every cached file against the full sha256 recorded when it was stored and, for official checkpoints,
 * against the hash prefix in the official file name.
 */
export async function cacheVerifyCommand(t: Terminal, flags: StoreFlags): Promise<number> {
  const { files } = await cachedFiles(flags);
  let bad = 0;
  for (const f of files) {
    const digest = await nodeSha256(createReadStream(f.path) as AsyncIterable<Uint8Array>);
    const problems: string[] = [];
    if (f.entry && f.entry.sha256 !== digest) problems.push(`sha256 ${digest} ≠ recorded ${f.entry.sha256}`);
    if (!f.entry) problems.push('not in the manifest');
    const official = VARIANTS.find((v) => `checkpoints/${v.weights.fileName}` === f.key);
    if (official && !digest.startsWith(official.weights.sha256Prefix)) {
      problems.push(`sha256 does not start with ${official.weights.sha256Prefix} (the official file's hash prefix)`);
    }
    if (problems.length) {
      bad++;
      t.out(`${red(t.outColor, 'BAD')}  ${f.key}: ${problems.join('; ')}\n`);
    } else {
      t.out(`ok   ${f.key}\n`);
    }
  }
  if (bad)
    t.err(`${bad} of ${files.length} cached files failed verification: remove them with \`swsl cache rm <variant>\`\n`);
  return bad ? EXIT.error : EXIT.ok;
}
