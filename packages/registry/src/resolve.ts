import { distance } from 'fastest-levenshtein';
import { SwslError } from './errors.js';
import { VARIANTS, type Variant } from './variants.js';

export class UnknownVariantError extends SwslError {
  readonly suggestions: readonly string[];

  constructor(name: string, suggestions: readonly string[]) {
    super(
      'E_UNKNOWN_VARIANT',
      `Unknown model variant "${name}". Closest names: ${suggestions.join(', ')}. Run \`swsl models\` for the full list.`,
    );
    this.suggestions = suggestions;
  }
}

/** Every accepted spelling (lower-cased) → its variant: hub names, timm names, old timm aliases. */
const BY_NAME: ReadonlyMap<string, Variant> = new Map(
  VARIANTS.flatMap((v) => [v.name, v.timmName, v.timmAlias].map((n) => [n.toLowerCase(), v] as const)),
);

/** Names of all variants under every accepted spelling. */
export function variantNames(): string[] {
  return VARIANTS.flatMap((v) => [v.name, v.timmName, v.timmAlias]);
}

const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[_.\-\s]+/)
    .filter(Boolean);

/** Whether every token the user typed starts some token of `candidate` ("ssl_resnext50" → resnext50_32x4d_ssl). */
function coversTokens(query: string, candidate: string): boolean {
  const have = tokens(candidate);
  return tokens(query).every((t) => have.some((h) => h.startsWith(t)));
}

/**
 * The `count` variants closest to `name`, by canonical name. Edit distance alone ranks a truncated name
 * ("resnext50") nearer to a short wrong one ("resnet50") than to its own full name, so names that contain every
 * typed token come first.
 */
export function closestVariantNames(name: string, count = 3): string[] {
  const query = name.trim().toLowerCase();
  const scored = VARIANTS.map((v) => {
    const spellings = [v.name, v.timmName, v.timmAlias];
    return {
      name: v.name,
      covered: spellings.some((n) => coversTokens(query, n)) ? 0 : 1,
      distance: Math.min(...spellings.map((n) => distance(query, n.toLowerCase()))),
    };
  });
  return scored
    .sort((a, b) => a.covered - b.covered || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((s) => s.name);
}

/** Looks a variant up by hub name, timm name or old timm alias, case-insensitively. */
export function findVariant(name: string): Variant | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** Like `findVariant`, but an unknown name throws `UnknownVariantError` (`E_UNKNOWN_VARIANT`) with 3 suggestions. */
export function resolveVariant(name: string): Variant {
  const variant = findVariant(name);
  if (!variant) throw new UnknownVariantError(name, closestVariantNames(name));
  return variant;
}
