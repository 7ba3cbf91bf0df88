// `pnpm sync:metadata`: writes repository/homepage/bugs into every public package.json from the root package.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withMetadata } from './metadata.ts';
import { publicPackages, repoRoot, rootMetadata } from './workspace.ts';

const root = rootMetadata();
for (const { directory, pkg } of publicPackages()) {
  const path = join(repoRoot, directory, 'package.json');
  const text = `${JSON.stringify(withMetadata(pkg, root, directory), null, 2)}\n`;
  if (text !== readFileSync(path, 'utf8')) {
    writeFileSync(path, text);
    console.log(`updated ${directory}/package.json`);
  }
}
