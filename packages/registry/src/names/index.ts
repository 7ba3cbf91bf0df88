/**
 * @swsl/registry/names — the variants (names, specs, weight sources), dtypes and option choices, and the typed error
 * base, without the ImageNet labels or the fuzzy name matcher: what `swsl --help` needs to declare its options, in a
 * few milliseconds. Everything here is also exported by the main entry.
 *
 * @packageDocumentation
 */
export * from '../choices.js';
export * from '../dtypes.js';
export * from '../errors.js';
export * from '../variants.js';
