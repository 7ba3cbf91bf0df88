/**
 * hash-wasm's SHA-256 alone, for `import()` on first use: a dynamic import of 'hash-wasm' itself would bring every
 * algorithm it has (≈ 216 KB minified) into the chunk, as bundlers cannot tree-shake a module namespace import.
 */
export { createSHA256 } from 'hash-wasm';
