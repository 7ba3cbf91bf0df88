import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * onnxruntime-web's WebAssembly binary and its `.mjs` loader, copied into the site's static files so the playground
 * loads them from its own origin (no CDN; cross-origin isolation forbids most CDNs anyway). runtime-web imports the
 * default `onnxruntime-web` entry (WASM + WebGPU), whose build is the `jsep` pair; the site's Vite config picks that
 * entry's extern-wasm form, so the 28 MB binary is not also bundled as an asset.
 */
const ASSET = /^ort-wasm-simd-threaded\.jsep\.(wasm|mjs)$/;

export function copyOrtAssets(targetDir: string): string[] {
  const require = createRequire(import.meta.url);
  // package.json is not exported; one of the assets is, and the others sit beside it.
  const distDir = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const copied = readdirSync(distDir).filter((name) => ASSET.test(name));
  for (const name of copied) copyFileSync(join(distDir, name), join(targetDir, name));
  return copied;
}
