import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The CLI reference page includes `reference/cli-readme.md`, made here from `packages/cli/README.md` (the CLI's own
 * documentation, so the two never drift). Relative links in it point into the repository, not the site: they become
 * plain code text so the site has no dead links. Without the README the page says where it will come from.
 */
export function writeCliReadme(readmePath: string, targetPath: string): 'included' | 'placeholder' {
  if (!existsSync(readmePath)) {
    writeFileSync(
      targetPath,
      '::: warning Not written yet\nThe CLI reference is `packages/cli/README.md`, included here at build time; ' +
        'that file does not exist yet.\n:::\n',
    );
    return 'placeholder';
  }
  writeFileSync(targetPath, demoteForInclusion(readFileSync(readmePath, 'utf8')));
  return 'included';
}

/** The README's title becomes a section of the page; repository-relative links become code text. */
export function demoteForInclusion(markdown: string): string {
  return markdown.replace(/^# .*\n+/, '').replace(/(?<!!)\[([^\]]+)\]\((?!https?:|mailto:|#)([^)]+)\)/g, '$1 (`$2`)');
}
