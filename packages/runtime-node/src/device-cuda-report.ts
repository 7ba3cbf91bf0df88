import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** What onnxruntime-node 1.30's `cuda12` build links against. */
export const CUDA_WANTS = 'CUDA 12.x (libcudart.so.12, libcublas.so.12, libcufft.so.11) and cuDNN 9.x (libcudnn.so.9)';

/** The exact commands that install onnxruntime-node's CUDA provider (replacing swsl's empty placeholders). */
export const CUDA_INSTALL_COMMAND =
  'ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node (pnpm: allowBuilds: { onnxruntime-node: true } in ' +
  'pnpm-workspace.yaml, then ONNXRUNTIME_NODE_INSTALL=cuda12 pnpm rebuild onnxruntime-node)';

export interface CudaReport {
  /** `installed`: a real provider library; `placeholder`: swsl's empty file (a plain install); `absent`: none. */
  readonly state: 'installed' | 'placeholder' | 'absent';
  readonly library?: string;
  readonly wants: string;
  /** Shared libraries the provider needs that the dynamic linker cannot find (`ldd`), when installed. */
  readonly missing: readonly string[];
  /** Whether onnxruntime created a CUDA session (only tried when installed). */
  readonly loads?: boolean;
  readonly reason?: string;
  /** What to do when CUDA is not usable. */
  readonly fix?: string;
}

function providerFiles(): string[] {
  const binRoot = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  if (!existsSync(binRoot)) return [];
  return readdirSync(binRoot)
    .map((napi) => join(binRoot, napi, process.platform, process.arch, 'libonnxruntime_providers_cuda.so'))
    .filter((file) => existsSync(file));
}

function missingLibraries(library: string): string[] {
  const ldd = spawnSync('ldd', [library], { encoding: 'utf8', timeout: 5000 });
  if (ldd.status !== 0 || !ldd.stdout) return [];
  return [...ldd.stdout.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1] as string);
}

/** A one-node ONNX model (Identity on float[1]), encoded by hand: enough to see whether a provider loads. */
export function identityModel(): Uint8Array {
  const bytes: number[] = [];
  const varint = (out: number[], n: number) => {
    let v = n;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  };
  const field = (tag: number, payload: number[] | string): number[] => {
    const body = typeof payload === 'string' ? [...new TextEncoder().encode(payload)] : payload;
    const out: number[] = [];
    varint(out, (tag << 3) | 2);
    varint(out, body.length);
    return out.concat(body);
  };
  const int = (tag: number, n: number): number[] => {
    const out: number[] = [];
    varint(out, tag << 3);
    varint(out, n);
    return out;
  };
  // ValueInfo{name, type{tensor_type{elem_type FLOAT, shape{dim{dim_value 1}}}}}
  const value = (name: string) => [
    ...field(1, name),
    ...field(2, field(1, [...int(1, 1), ...field(2, field(1, int(1, 1)))])),
  ];
  const node = [...field(1, 'x'), ...field(2, 'y'), ...field(4, 'Identity')];
  const graph = [...field(1, node), ...field(2, 'probe'), ...field(11, value('x')), ...field(12, value('y'))];
  bytes.push(...int(1, 8), ...field(8, [...field(1, ''), ...int(2, 13)]), ...field(7, graph));
  return new Uint8Array(bytes);
}

/**
 * Whether CUDA can run here, for `swsl doctor`: the provider library (a real one, or swsl's empty placeholder), the
 * CUDA/cuDNN libraries it wants that the linker cannot find, and whether onnxruntime creates a CUDA session.
 */
export async function inspectCuda(): Promise<CudaReport> {
  const files = providerFiles();
  const real = files.find((f) => statSync(f).size > 0);
  if (!real) {
    const placeholder = files[0];
    return {
      state: placeholder ? 'placeholder' : 'absent',
      ...(placeholder ? { library: placeholder } : {}),
      wants: CUDA_WANTS,
      missing: [],
      reason: placeholder
        ? 'the CUDA provider library is an empty placeholder (a plain install downloads no CUDA)'
        : 'the CUDA provider library is not installed',
      fix: `install ${CUDA_WANTS}, then ${CUDA_INSTALL_COMMAND}`,
    };
  }
  const missing = missingLibraries(real);
  try {
    const session = await ort.InferenceSession.create(identityModel(), {
      executionProviders: ['cuda'],
      logSeverityLevel: 4,
    });
    await session.release();
    return { state: 'installed', library: real, wants: CUDA_WANTS, missing, loads: true };
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0] ?? 'unknown error';
    const fix =
      missing.length > 0
        ? `install what the provider cannot find (${missing.join(', ')}): ${CUDA_WANTS}, on the library path ` +
          '(LD_LIBRARY_PATH or ldconfig)'
        : 'check the NVIDIA driver (nvidia-smi) and that its CUDA version is ≥ 12';
    return { state: 'installed', library: real, wants: CUDA_WANTS, missing, loads: false, reason, fix };
  }
}

/** onnxruntime-node's version and its execution providers (`bundled: false`: their libraries are a separate install). */
export function onnxruntimeInfo(): { version: string; backends: { name: string; bundled: boolean }[] } {
  const list = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] })
    .listSupportedBackends;
  return {
    version: ort.env.versions.node ?? ort.env.versions.common,
    backends: list?.() ?? [{ name: 'cpu', bundled: true }],
  };
}
