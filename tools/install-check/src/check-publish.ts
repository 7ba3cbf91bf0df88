// `pnpm check:publish`: what npm users will get, checked before it is published. For every public package:
// its publish metadata (metadata.ts), then its packed tarball through publint (--strict: warnings fail too) and
// @arethetypeswrong/cli with the esm-only profile (the packages are ESM-only on purpose; the CommonJS resolution
// modes node10 / node16-cjs are not checked); last, `pnpm publish -r --dry-run` must list exactly those packages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, tail } from './exec.ts';
import { metadataProblems } from './metadata.ts';
import { packAll } from './pack.ts';
import { publicPackages, repoRoot, rootMetadata } from './workspace.ts';

const bin = (name: string) => join(repoRoot, 'tools/install-check/node_modules/.bin', name);
const packages = publicPackages();
const root = rootMetadata();
let failed = 0;

const problems = packages.flatMap((p) => metadataProblems(p.pkg, root, p.directory));
for (const line of problems) console.log(`✗ ${line}`);
if (problems.length === 0)
  console.log(`✓ metadata of ${packages.length} packages (repository: ${root.repository.url})`);
failed += problems.length;

const dir = mkdtempSync(join(tmpdir(), 'swsl-check-publish-'));
try {
  const tarballs = await packAll(packages, dir);
  for (const p of packages) {
    const tarball = tarballs.get(p.name) as string;
    const env = process.env as Record<string, string>;
    const checks: [string, string, string[]][] = [
      ['publint', bin('publint'), ['run', '--strict', tarball]],
      ['attw', bin('attw'), ['--profile', 'esm-only', '--no-color', '--format', 'ascii', tarball]],
    ];
    for (const [label, command, args] of checks) {
      const result = await exec(command, args, { cwd: dir, env, timeoutSeconds: 120 });
      if (result.code === 0) {
        console.log(`✓ ${label} ${p.name}`);
      } else {
        failed++;
        console.log(`✗ ${label} ${p.name} (exit ${result.code})\n${tail(result.output, 40)}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// What `pnpm release` would publish (dry run: nothing is uploaded): every public package, nothing private.
const dry = await exec('pnpm', ['publish', '-r', '--dry-run', '--access', 'public', '--no-git-checks'], {
  cwd: repoRoot,
  env: process.env as Record<string, string>,
  timeoutSeconds: 300,
});
const wouldPublish = [...dry.output.matchAll(/📦 (@?[^@\s]+)@\S+/g)].map((m) => m[1]).sort();
const expected = packages.map((p) => p.name).sort();
if (dry.code === 0 && JSON.stringify(wouldPublish) === JSON.stringify(expected)) {
  console.log(`✓ pnpm publish -r --dry-run: ${wouldPublish.length} packages`);
} else {
  failed++;
  console.log(`✗ pnpm publish -r --dry-run (exit ${dry.code}; would publish: ${wouldPublish.join(', ') || 'nothing'})`);
  console.log(tail(dry.output.replace(/^(src|dist|scripts)\/.*\n/gm, ''), 30));
}
console.log(failed === 0 ? 'check:publish: no problems' : `check:publish: ${failed} problem(s)`);
process.exitCode = failed === 0 ? 0 : 1;
