import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VARIANT_NAME, HF_ENDPOINT_DEFAULT, hubModelInfoUrl, resolveVariant } from '@swsl/registry';
import {
  type CudaReport,
  defaultCacheDir,
  hasWebGpuPackage,
  hfEndpointFromEnv,
  inspectCuda,
  listWebGpuAdapters,
  offlineFromEnv,
  onnxruntimeInfo,
  type WebGpuAdapterInfo,
  webGpuFix,
} from '@swsl/runtime-node';
import { EXIT } from '../exit-codes.js';
import { bold, dim, red, type Terminal, yellow } from '../terminal.js';

const green = (enabled: boolean, text: string) => (enabled ? `\x1b[32m${text}\x1b[0m` : text);

export interface DoctorFlags {
  readonly cacheDir?: string;
  readonly offline?: boolean;
  readonly json?: boolean;
}

/** A yes/no line of the report; every "no" carries its fix. */
interface Check {
  readonly ok: boolean;
  readonly summary: string;
  readonly fix?: string;
}

interface CpuReport extends Check {
  readonly model: string;
  readonly threads: number;
  readonly avx2: boolean;
  readonly avx512: boolean;
  readonly vnni: boolean;
}

interface WebGpuReport extends Check {
  readonly package: boolean;
  readonly adapters: readonly WebGpuAdapterInfo[];
  readonly diagnostics: readonly string[];
  /** Whether `device: 'auto'` would take it (a hardware adapter). */
  readonly hardware: boolean;
}

interface SourceCheck extends Check {
  readonly name: string;
  readonly url: string;
  readonly ms?: number;
}

export interface DoctorReport {
  readonly node: { readonly version: string; readonly platform: string; readonly arch: string };
  readonly onnxruntime: { readonly version: string; readonly backends: readonly { name: string; bundled: boolean }[] };
  readonly cpu: CpuReport;
  readonly cuda: CudaReport & Check;
  readonly webgpu: WebGpuReport;
  /** What `--device auto` runs on here. */
  readonly auto: 'cuda' | 'webgpu' | 'cpu';
  readonly cache: { readonly dir: string; readonly exists: boolean; readonly bytes: number; readonly files: number };
  readonly network: { readonly skipped?: string; readonly sources: readonly SourceCheck[] };
  readonly ms: number;
}

const NETWORK_TIMEOUT_MS = 3000;

function cpuReport(): CpuReport {
  let text = '';
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // Not Linux: the features stay unknown (false); onnxruntime checks them itself at run time.
  }
  const flags = new Set((/^flags\s*:(.*)$/m.exec(text)?.[1] ?? '').trim().split(/\s+/));
  const model = /^model name\s*:(.*)$/m.exec(text)?.[1]?.trim() ?? process.arch;
  const avx2 = flags.has('avx2');
  const avx512 = flags.has('avx512f');
  const vnni = flags.has('avx512_vnni') || flags.has('avx_vnni');
  const threads = availableParallelism();
  const features = `AVX2 ${avx2 ? 'yes' : 'no'}, AVX-512 ${avx512 ? 'yes' : 'no'}, VNNI ${vnni ? 'yes' : 'no'}`;
  return {
    ok: true,
    model,
    threads,
    avx2,
    avx512,
    vnni,
    summary: `${model}, ${threads} threads, ${features}`,
    ...(avx2 || process.arch !== 'x64'
      ? {}
      : { fix: 'runs, but without AVX2 onnxruntime is several times slower: use a newer x86-64 machine' }),
  };
}

async function cudaCheck(): Promise<CudaReport & Check> {
  const cuda = await inspectCuda();
  if (cuda.loads) return { ...cuda, ok: true, summary: `loads (${cuda.library})` };
  const summary =
    cuda.state === 'installed'
      ? `installed (${cuda.library}) but does not load: ${cuda.reason}` +
        (cuda.missing.length ? `; missing ${cuda.missing.join(', ')}` : '')
      : (cuda.reason ?? 'not installed');
  return { ...cuda, ok: false, summary: `${summary}; it wants ${cuda.wants}`, ...(cuda.fix ? { fix: cuda.fix } : {}) };
}

async function webGpuCheck(): Promise<WebGpuReport> {
  if (!hasWebGpuPackage()) {
    return {
      ok: false,
      package: false,
      adapters: [],
      diagnostics: [],
      hardware: false,
      summary: "adapters unknown: the optional package 'webgpu' (Dawn for Node) is not installed",
      fix: 'npm install webgpu (beside swsl; ≈ 130 MB, from the npm registry only) to let swsl see adapters',
    };
  }
  try {
    const { adapters, diagnostics } = await listWebGpuAdapters();
    const hardware = adapters[0] !== undefined && !adapters[0].software;
    const list = adapters
      .map(
        (a) =>
          `${a.label} (${a.software ? 'software' : 'hardware'}, shader-f16 ${a.features.includes('shader-f16') ? 'yes' : 'no'})`,
      )
      .join('; ');
    if (hardware) return { ok: true, package: true, adapters, diagnostics, hardware, summary: list };
    const rejected = diagnostics.length ? ` (a Vulkan driver was rejected: ${diagnostics.join('; ')})` : '';
    return {
      ok: false,
      package: true,
      adapters,
      diagnostics,
      hardware,
      summary: adapters.length
        ? `software adapter only: ${list}; used only with --device webgpu (slow)`
        : `no adapter${rejected}`,
      fix: adapters.length
        ? "for a hardware adapter, install your GPU's Vulkan driver (NVIDIA: the driver's Vulkan ICD; AMD/Intel: Mesa's radv/anv)"
        : webGpuFix(),
    };
  } catch (error) {
    return {
      ok: false,
      package: true,
      adapters: [],
      diagnostics: [],
      hardware: false,
      summary: (error as Error).message,
      fix: webGpuFix(),
    };
  }
}

async function cacheReport(dir: string): Promise<DoctorReport['cache']> {
  let bytes = 0;
  let files = 0;
  const walk = async (path: string): Promise<boolean> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        files += 1;
        bytes += (await stat(child)).size;
      }
    }
    return true;
  };
  const exists = await walk(dir);
  return { dir, exists, bytes, files };
}

async function reach(name: string, url: string): Promise<SourceCheck> {
  const start = performance.now();
  try {
    // Any HTTP answer means the host is reachable; HEAD downloads nothing and the redirect is not followed.
    const response = await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    });
    const ms = Math.round(performance.now() - start);
    return { name, url, ok: true, ms, summary: `reachable (HTTP ${response.status}, ${ms} ms)` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer in ${NETWORK_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    return {
      name,
      url,
      ok: false,
      summary: `unreachable (${why})`,
      fix:
        'check the connection or proxy (HTTPS_PROXY), use a mirror (SWSL_WEIGHTS_BASE_URL, HF_ENDPOINT), or put the ' +
        'weights in the cache yourself / pass --weights <file>',
    };
  }
}

async function networkReport(offline: boolean): Promise<DoctorReport['network']> {
  if (offline) return { skipped: '--offline / SWSL_OFFLINE', sources: [] };
  const variant = resolveVariant(DEFAULT_VARIANT_NAME);
  const base = process.env.SWSL_WEIGHTS_BASE_URL;
  const fb = base ? `${base.replace(/\/*$/, '/')}${variant.weights.fileName}` : variant.weights.url;
  const hub = hubModelInfoUrl(hfEndpointFromEnv() ?? HF_ENDPOINT_DEFAULT, variant.hub);
  return { sources: await Promise.all([reach(base ? 'mirror' : 'fb', fb), reach('hf', hub)]) };
}

export async function collectDoctor(flags: DoctorFlags): Promise<DoctorReport> {
  const start = performance.now();
  const offline = flags.offline === true || offlineFromEnv();
  const [cuda, webgpu, cache, network] = await Promise.all([
    cudaCheck(),
    webGpuCheck(),
    cacheReport(flags.cacheDir ?? defaultCacheDir()),
    networkReport(offline),
  ]);
  return {
    node: { version: process.version, platform: process.platform, arch: process.arch },
    onnxruntime: onnxruntimeInfo(),
    cpu: cpuReport(),
    cuda,
    webgpu,
    auto: cuda.ok ? 'cuda' : webgpu.hardware ? 'webgpu' : 'cpu',
    cache,
    network,
    ms: Math.round(performance.now() - start),
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `swsl doctor`: what this machine can run, and for each "no", what to do. Always exits 0: it only reports. */
export async function doctorCommand(t: Terminal, flags: DoctorFlags): Promise<number> {
  const report = await collectDoctor(flags);
  if (flags.json) {
    t.out(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = t.outColor;
  const verdict = (check: Check, no = 'no') =>
    (check.ok ? green(c, 'yes') : red(c, no)) + ' '.repeat(Math.max(1, 5 - (check.ok ? 3 : no.length)));
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${bold(c, label.padEnd(12))}${value}`);
  const fix = (check: Check) => {
    if (check.fix) lines.push(`${' '.repeat(12)}${yellow(c, 'fix:')} ${check.fix}`);
  };
  const { node, onnxruntime, cpu, cuda, webgpu, cache, network } = report;
  row('node', `${node.version} (${node.platform} ${node.arch})`);
  const bundled = onnxruntime.backends.filter((b) => b.bundled).map((b) => b.name);
  const notBundled = onnxruntime.backends.filter((b) => !b.bundled).map((b) => b.name);
  row(
    'onnxruntime',
    `onnxruntime-node ${onnxruntime.version}; bundled: ${bundled.join(', ')}` +
      (notBundled.length ? `; not bundled: ${notBundled.join(', ')}` : ''),
  );
  row('cpu', `${verdict(cpu)}${cpu.summary}`);
  fix(cpu);
  row('cuda', `${verdict(cuda)}${cuda.summary}`);
  fix(cuda);
  row('webgpu', `${verdict(webgpu, webgpu.adapters.length ? 'software only' : 'no')}${webgpu.summary}`);
  fix(webgpu);
  row('auto', `${report.auto} ${dim(c, '(what --device auto runs on here)')}`);
  row(
    'cache',
    cache.exists
      ? `${cache.dir}  ${megabytes(cache.bytes)} in ${cache.files} files`
      : `${cache.dir}  (not created yet)`,
  );
  if (network.skipped) row('network', dim(c, `skipped (${network.skipped})`));
  for (const source of network.sources) {
    row(
      source === network.sources[0] ? 'network' : '',
      `${verdict(source)}${source.name} ${source.url}  ${source.summary}`,
    );
    fix(source);
  }
  t.out(`${lines.join('\n')}\n`);
  t.err(dim(t.errColor, `checked in ${report.ms} ms\n`));
  return EXIT.ok;
}
