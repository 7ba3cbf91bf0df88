// `pnpm install-check`: install every public package the way a user does and run its README smoke script.
// For each package: an empty folder, `npm install <its tarball> <the tarballs of its @swsl dependencies>` with plain
// npm (everything else from the registry), in an environment holding nothing but PATH and a fresh HOME. Prints one
// line per step, each package's installed size (du of node_modules), and `N passed, N failed` at the end.
//
// Options: --jobs <n> (packages installed at once, default 3), --only <name,…>, --compare (also installs
// @huggingface/transformers for the README's size comparison). The work folder is /tmp/swsl-install-check (kept for
// inspection, emptied on the next run); npm's cache persists in /tmp/swsl-install-check-npm-cache.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanEnv, exec, tail } from './exec.ts';
import { packAll } from './pack.ts';
import { SMOKES } from './smokes.ts';
import { type PublicPackage, publicPackages, repoRoot } from './workspace.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '3' },
    only: { type: 'string' },
    compare: { type: 'boolean', default: false },
    'work-dir': { type: 'string', default: '/tmp/swsl-install-check' },
    cache: { type: 'string', default: '/tmp/swsl-install-check-npm-cache' },
  },
});
const work = values['work-dir'];
const cache = values.cache;
const INSTALL_TIMEOUT_S = 300;
const STEP_TIMEOUT_S = 120;
const smokeDir = join(repoRoot, 'tools/install-check/smoke');

interface Outcome {
  name: string;
  passed: boolean;
  lines: string[];
  sizeMB?: number;
  installSeconds?: number;
}

/** npm walks up from the folder to the nearest package.json or node_modules: none may sit above the work folder. */
function assertNoProjectAbove(dir: string) {
  for (let d = dirname(dir); ; d = dirname(d)) {
    for (const name of ['package.json', 'node_modules']) {
      if (existsSync(join(d, name))) throw new Error(`${join(d, name)} exists: npm would install there, not in ${dir}`);
    }
    if (d === dirname(d)) return;
  }
}

async function duMB(dir: string): Promise<number> {
  const result = await exec('du', ['-sk', dir], { cwd: dir, env: cleanEnv(work), timeoutSeconds: 60 });
  return Math.round(Number.parseInt(result.output, 10) / 102.4) / 10;
}

async function npmInstall(folder: string, env: Record<string, string>, specs: readonly string[]) {
  return exec('npm', ['install', '--cache', cache, ...specs], { cwd: folder, env, timeoutSeconds: INSTALL_TIMEOUT_S });
}

async function checkPackage(p: PublicPackage, tarballs: Map<string, string>): Promise<Outcome> {
  const folder = join(work, p.name.replace('@swsl/', ''));
  const home = join(work, 'home', p.name.replace('@swsl/', ''));
  mkdirSync(folder, { recursive: true });
  mkdirSync(home, { recursive: true });
  for (const file of readdirSync(smokeDir)) copyFileSync(join(smokeDir, file), join(folder, file));
  const env = cleanEnv(home);
  const outcome: Outcome = { name: p.name, passed: true, lines: [] };
  const fail = (line: string) => {
    outcome.passed = false;
    outcome.lines.push(line);
  };

  const specs = [p.name, ...p.swslDeps].map((name) => tarballs.get(name) as string);
  const install = await npmInstall(folder, env, specs);
  outcome.installSeconds = install.seconds;
  const installLabel = `npm install ${[p.name, ...p.swslDeps].map((n) => `${n.replace('@swsl/', '')}.tgz`).join(' ')}`;
  if (install.code !== 0) {
    const why = install.timedOut ? `timed out after ${INSTALL_TIMEOUT_S} s` : `exit ${install.code}`;
    fail(`  ✗ ${installLabel} (${why}, ${install.seconds.toFixed(0)} s)\n${tail(install.output, 20)}`);
    fail('  – smoke steps skipped: nothing installed');
    return outcome;
  }
  outcome.lines.push(`  ✓ ${installLabel} (${install.seconds.toFixed(1)} s)`);

  for (const action of SMOKES[p.name] ?? []) {
    if (action.kind === 'measure') {
      outcome.sizeMB = await duMB(join(folder, 'node_modules'));
      outcome.lines.push(`  · node_modules: ${outcome.sizeMB} MB`);
      continue;
    }
    const result =
      action.kind === 'install'
        ? await npmInstall(folder, env, action.specs)
        : await exec(action.command, action.args, { cwd: folder, env, timeoutSeconds: STEP_TIMEOUT_S });
    const flagged = action.kind === 'run' && action.failOn?.test(result.output);
    if (result.code === 0 && !flagged) {
      // The command's own last line (npm's update notices are not the command's).
      const own = result.output.split('\n').filter((line) => line.trim() && !line.startsWith('npm notice'));
      const last = action.kind === 'run' ? own.at(-1)?.trim() : '';
      outcome.lines.push(`  ✓ ${action.label} (${result.seconds.toFixed(1)} s)${last ? `: ${last}` : ''}`);
    } else {
      const why = result.timedOut ? 'timed out' : flagged ? 'warnings' : `exit ${result.code}`;
      fail(`  ✗ ${action.label} (${why})\n${tail(result.output)}`);
    }
  }
  if (p.name === '@swsl/runtime-web' && existsSync(join(folder, 'bundle'))) {
    for (const file of readdirSync(join(folder, 'bundle')).sort()) {
      const kb = Math.round(statSync(join(folder, 'bundle', file)).size / 1024);
      outcome.lines.push(`  · bundle/${file}: ${kb} KB`);
    }
  }
  return outcome;
}

/** transformers.js the same way, for the README's comparison: it needs ONNXRUNTIME_NODE_INSTALL=skip to install. */
async function compareTransformers(): Promise<string[]> {
  const lines: string[] = [];
  for (const [label, extra] of [
    ['plain', {}],
    ['ONNXRUNTIME_NODE_INSTALL=skip', { ONNXRUNTIME_NODE_INSTALL: 'skip' }],
  ] as const) {
    const folder = join(work, `transformers-${label === 'plain' ? 'plain' : 'skip'}`);
    mkdirSync(folder, { recursive: true });
    const env = { ...cleanEnv(join(work, 'home', 'transformers')), ...extra };
    const result = await npmInstall(folder, env, ['@huggingface/transformers']);
    const size = result.code === 0 ? `, node_modules ${await duMB(join(folder, 'node_modules'))} MB` : '';
    lines.push(
      `  ${result.code === 0 ? '✓' : '✗'} npm install @huggingface/transformers (${label}): exit ${result.code}${size}`,
    );
    if (result.code !== 0) lines.push(tail(result.output, 6));
  }
  return lines;
}

const started = performance.now();
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
assertNoProjectAbove(work);
const npmVersion = (await exec('npm', ['--version'], { cwd: work, env: cleanEnv(work), timeoutSeconds: 30 })).output;
console.log(`install-check: plain npm ${npmVersion.trim()}, node ${process.version}, in ${work} (npm cache: ${cache})`);

const only = values.only?.split(',').map((n) => (n.startsWith('@') ? n : `@swsl/${n}`));
const all = publicPackages();
const packages = only ? all.filter((p) => only.includes(p.name)) : all;
const tarballs = await packAll(all, join(work, 'tarballs'));
console.log(`packed ${tarballs.size} tarballs into ${join(work, 'tarballs')}`);

// A few installs at once: npm mostly waits on the network and the disk.
const outcomes: Outcome[] = [];
const queue = [...packages];
const jobs = Math.max(1, Number.parseInt(values.jobs, 10));
await Promise.all(
  Array.from({ length: jobs }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const outcome = await checkPackage(p, tarballs);
      console.log(`${outcome.passed ? '✓' : '✗'} ${outcome.name}\n${outcome.lines.join('\n')}`);
      outcomes.push(outcome);
    }
  }),
);
if (values.compare) console.log(`transformers.js, for comparison\n${(await compareTransformers()).join('\n')}`);

const sizes = Object.fromEntries(outcomes.map((o) => [o.name, o.sizeMB ?? null]));
writeFileSync(join(work, 'results.json'), `${JSON.stringify({ npm: npmVersion.trim(), sizes }, null, 2)}\n`);
const passed = outcomes.filter((o) => o.passed).length;
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`install-check: ${seconds} s; sizes in ${join(work, 'results.json')}`);
console.log(`${passed} passed, ${outcomes.length - passed} failed`);
process.exitCode = passed === outcomes.length ? 0 : 1;
