import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { importOptional } from '@swsl/registry';

/** One WebGPU adapter as Dawn (the `webgpu` package, the same WebGPU implementation onnxruntime-node bundles) sees it. */
export interface WebGpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  /** Adapter features, sorted (`shader-f16` is the one fp16 models need). */
  readonly features: readonly string[];
  /** How it was asked for: `high-performance` (the one onnxruntime's WebGPU provider takes), `low-power`, `fallback`. */
  readonly requestedAs: string;
  /** "vendor architecture device description", for `info.adapter`. */
  readonly label: string;
  /** Why it is a software (CPU) implementation, or `undefined` for real hardware. */
  readonly software?: string;
}

export interface WebGpuAdapters {
  readonly adapters: readonly WebGpuAdapterInfo[];
  /** Dawn's own diagnostics (a Vulkan driver it rejected and why), for the "no adapter" explanation. */
  readonly diagnostics: readonly string[];
}

/** Chromium's SwiftShader Vulkan driver as Debian's `chromium` package installs it. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** What to do when Dawn finds no adapter: a GPU's Vulkan driver, or SwiftShader for a (slow) software one. */
export function webGpuFix(): string {
  const swiftshader = existsSync(SWIFTSHADER_ICD)
    ? `run with VK_ICD_FILENAMES=${SWIFTSHADER_ICD} for SwiftShader (software, on the CPU: correct but slow)`
    : `install Chromium (apt-get install chromium) and run with VK_ICD_FILENAMES=${SWIFTSHADER_ICD} for SwiftShader (software, on the CPU: correct but slow)`;
  return (
    "install your GPU's Vulkan driver (NVIDIA: the driver's Vulkan ICD, /usr/share/vulkan/icd.d/nvidia_icd.json; " +
    `AMD/Intel: Mesa's radv/anv) or, for tests, ${swiftshader}`
  );
}

/** Software rasterisers that implement WebGPU on the CPU (as runtime-web's list: SwiftShader, llvmpipe, lavapipe, WARP). */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

function softwareReason(a: Omit<WebGpuAdapterInfo, 'software'>): string | undefined {
  if (a.isFallbackAdapter) return `${a.label} is a fallback (software) adapter`;
  const named = [a.vendor, a.architecture, a.device, a.description].some((s) => SOFTWARE.test(s));
  return named ? `${a.label} is a software renderer` : undefined;
}

// Runs in a child process: Dawn prints its driver diagnostics (and the Vulkan loader its XDG_RUNTIME_DIR complaint)
// straight to stderr, which a quiet `device: 'auto'` must not show, and a native crash must not take the caller down.
// WebGPU offers no "list all adapters", so each power preference and the fallback adapter are asked for in turn.
const CHILD = `
const { create } = await import(process.env.SWSL_WEBGPU_ENTRY);
const gpu = create([]);
const found = new Map();
for (const [requestedAs, options] of [['high-performance', { powerPreference: 'high-performance' }],
    ['low-power', { powerPreference: 'low-power' }], ['fallback', { forceFallbackAdapter: true }]]) {
  let adapter = null;
  try { adapter = await gpu.requestAdapter(options); } catch {}
  if (!adapter) continue;
  const i = adapter.info ?? {};
  const a = { vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '',
    description: i.description ?? '', isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    features: [...adapter.features].sort(), requestedAs };
  const key = [a.vendor, a.architecture, a.device, a.description].join('|');
  if (!found.has(key)) found.set(key, a);
}
process.stdout.write(JSON.stringify([...found.values()]));
process.exit(0);
`;

let cached: Promise<WebGpuAdapters> | undefined;

/** Where the optional `webgpu` package is (`E_MISSING_DEPENDENCY` without it). */
export async function webgpuPackageEntry(): Promise<string> {
  return importOptional(
    async () => createRequire(import.meta.url).resolve('webgpu'),
    'webgpu',
    '@swsl/runtime-node (WebGPU adapter detection)',
  );
}

/** Whether the optional `webgpu` package is installed (cheap: a module resolution, nothing loaded). */
export function hasWebGpuPackage(): boolean {
  try {
    createRequire(import.meta.url).resolve('webgpu');
    return true;
  } catch {
    return false;
  }
}

/**
 * The WebGPU adapters of this machine, high-performance one first, probed once per process in a child process
 * (≈ 0.1–0.4 s). Needs the optional `webgpu` package (`E_MISSING_DEPENDENCY` names the install command).
 */
export function listWebGpuAdapters(options: { timeoutMs?: number; fresh?: boolean } = {}): Promise<WebGpuAdapters> {
  if (cached && !options.fresh) return cached;
  cached = probe(options.timeoutMs ?? 15_000);
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

async function probe(timeoutMs: number): Promise<WebGpuAdapters> {
  const entry = await webgpuPackageEntry();
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD],
      {
        env: { ...process.env, SWSL_WEBGPU_ENTRY: pathToFileURL(entry).href },
        timeout: timeoutMs,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the WebGPU probe failed (${stderr.trim().split('\n').at(-1) || error.message})`));
        else resolve({ stdout, stderr });
      },
    );
  });
  const raw = JSON.parse(stdout) as Omit<WebGpuAdapterInfo, 'label' | 'software'>[];
  const adapters = raw.map((a) => {
    const label = [a.vendor, a.architecture, a.device, a.description].filter((s) => s).join(' ') || 'unknown adapter';
    const software = softwareReason({ ...a, label });
    return { ...a, label, ...(software ? { software } : {}) };
  });
  return { adapters, diagnostics: dawnDiagnostics(stderr) };
}

/** Dawn's "Warning: …" lines (why a driver was rejected), without the loader's unrelated XDG_RUNTIME_DIR noise. */
function dawnDiagnostics(stderr: string): string[] {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(Warning|Error):/i.test(line) && !line.includes('XDG_RUNTIME_DIR'))
    .map((line) => line.replace(/^(Warning|Error):\s*/i, '').replace(/\.$/, ''));
  return [...new Set(lines)];
}
