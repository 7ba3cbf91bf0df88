import { rmSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, type DeclarationReflection, ReflectionKind } from 'typedoc';
import type { ApiEntryPoint } from './api-entry-points.js';

/**
 * The API reference: TypeDoc over the packages' TypeScript sources, written as Markdown into the VitePress tree
 * (typedoc-plugin-markdown + typedoc-vitepress-theme, which also writes the sidebar JSON the site config reads).
 */
export async function writeApiDocs(entries: readonly ApiEntryPoint[], tsconfig: string, outDir: string) {
  rmSync(outDir, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    entryPoints: entries.map((e) => e.sourceFile),
    entryPointStrategy: 'resolve',
    tsconfig,
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: outDir,
    name: 'API',
    readme: 'none',
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    // The sources are type-checked by each package's own build; the docs only read them.
    skipErrorChecking: true,
    // Doc comments mention things like "<bytes>"; unescaped they would be parsed as Vue tags.
    sanitizeComments: true,
    githubPages: false,
    // No public repository URL to link sources to; source links would be dead.
    disableSources: true,
    hideGenerator: true,
    // The API index as a table with each entry's description (its `@packageDocumentation` comment), not bare names.
    indexFormat: 'table',
    logLevel: 'Warn',
    // typedoc-vitepress-theme: the VitePress root, so sidebar links start at the site root.
    docsRoot: fileURLToPath(new URL('../..', import.meta.url)),
  } as Parameters<typeof Application.bootstrapWithPlugins>[0]);

  // Modules are named after their import path (`@swsl/preprocess/node`), not after TypeDoc's default, the entry's
  // path below the entries' common folder without `index.ts` (`preprocess/src/node`). Sources are disabled, so the
  // default name is the only handle; an entry that does not match stops the build rather than shipping odd names.
  const nameByDefault = new Map(entries.map((e) => [typedocDefaultName(e.sourceFile, entries), e.moduleName]));
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module) as DeclarationReflection[]) {
      const name = nameByDefault.get(module.name);
      if (!name) throw new Error(`API docs: no import path known for TypeDoc module "${module.name}"`);
      module.name = name;
    }
  });

  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the packages (see the messages above).');
  await app.generateOutputs(project);
}

function typedocDefaultName(sourceFile: string, entries: readonly ApiEntryPoint[]): string {
  let common = dirname(entries[0]!.sourceFile);
  while (!entries.every((e) => e.sourceFile.startsWith(common + sep))) common = dirname(common);
  return relative(common, sourceFile)
    .split(sep)
    .join('/')
    .replace(/(\/index)?\.ts$/, '');
}
