import { SwslError } from './errors.js';

/** A package that swsl loads only where it is needed (an optional peer) is not installed. */
export class MissingDependencyError extends SwslError {
  constructor(
    readonly packageName: string,
    readonly neededBy: string,
    options?: { cause?: unknown },
  ) {
    super(
      'E_MISSING_DEPENDENCY',
      `${neededBy} needs the package "${packageName}", which is not installed. Install it beside swsl: ` +
        `npm install ${packageName} (or pnpm add / yarn add ${packageName}).`,
      options,
    );
  }
}

/** Whether `error` is Node's "cannot find package X" for this very package (not for something X itself imports). */
function isMissing(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = (error as Error).message;
  return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
}

/**
 * Loads an optional peer on first use: `importOptional(() => import('sharp'), 'sharp', '@swsl/preprocess/node')`.
 * The `import()` stays a literal at the call site, so bundlers still see it. A missing package becomes a typed
 * `E_MISSING_DEPENDENCY` naming the package and the command that installs it; any other failure passes through.
 */
export async function importOptional<T>(load: () => Promise<T>, packageName: string, neededBy: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, packageName)) throw new MissingDependencyError(packageName, neededBy, { cause: error });
    throw error;
  }
}
