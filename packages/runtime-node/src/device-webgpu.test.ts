import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeIfAvailable } from '@swsl/reference';
import { expect, it } from 'vitest';
import { SWIFTSHADER_ICD } from './webgpu-adapters.js';

// onnxruntime-node's bundled WebGPU provider on Chromium's SwiftShader Vulkan driver (a software adapter, on the CPU:
// correct, ≈ 10 s for the tiny model here). Each case runs in its own process: the Vulkan loader reads
// VK_ICD_FILENAMES once per process. CI installs Debian's chromium, which brings the driver; SWSL_REQUIRE_BROWSER=1
// there makes a missing one a failure, not a skip.
const here = dirname(fileURLToPath(import.meta.url));

interface ChildResult {
  device?: string;
  adapter?: string;
  top5?: number[][];
  logits?: number[][];
  ms?: number;
  warnings: string[];
  error?: { code?: string; message?: string };
}

function classifyInChild(args: string[], icd: string | undefined): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: join(here, 'test-support', 'webgpu-child-tsconfig.json'),
  };
  if (icd) env.VK_ICD_FILENAMES = icd;
  else delete env.VK_ICD_FILENAMES;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(here, 'test-support', 'webgpu-child.ts'), ...args],
      { cwd: join(here, '..'), env, timeout: 180_000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1);
        if (error || !line) reject(new Error(`child failed: ${error?.message}\n${stderr}`));
        else resolve(JSON.parse(line) as ChildResult);
      },
    );
  });
}

describeIfAvailable(
  'device webgpu: onnxruntime-node on SwiftShader',
  {
    what: 'SwiftShader Vulkan driver',
    available: existsSync(SWIFTSHADER_ICD),
    reason: `no ${SWIFTSHADER_ICD}: \`apt-get install -y chromium\``,
    requiredBy: 'SWSL_REQUIRE_BROWSER',
  },
  () => {
    it('webgpu gives the CPU provider top-5 (fp32), names the software adapter; auto does not pick it', async () => {
      const [cpu, webgpu, auto] = await Promise.all([
        classifyInChild(['cpu'], undefined),
        classifyInChild(['webgpu'], SWIFTSHADER_ICD),
        classifyInChild(['auto'], SWIFTSHADER_ICD),
      ]);
      expect(cpu.device).toBe('cpu');
      expect(webgpu.error).toBeUndefined();
      expect(webgpu.device).toBe('webgpu');
      expect(webgpu.adapter).toMatch(/swiftshader/i);
      expect(webgpu.top5).toEqual(cpu.top5);
      const deltas = webgpu.logits!.flat().map((l, i) => Math.abs(l - cpu.logits!.flat()[i]!));
      expect(Math.max(...deltas)).toBeLessThan(1e-4);
      expect(auto).toMatchObject({ device: 'cpu', warnings: [] });
      expect(auto.adapter).toBeUndefined();
      console.error(
        `tiny model, 2 images: cpu ${cpu.ms} ms, SwiftShader ${webgpu.ms} ms (incl. conversion), max |Δlogit| ${Math.max(...deltas).toExponential(1)}`,
      );
    });

    it('fp16 on an adapter without shader-f16 (SwiftShader) is E_FP16_UNSUPPORTED', async () => {
      const fp16 = await classifyInChild(['webgpu', 'fp16'], SWIFTSHADER_ICD);
      expect(fp16.error?.code).toBe('E_FP16_UNSUPPORTED');
      expect(fp16.error?.message).toMatch(/shader-f16.*swiftshader/i);
    });
  },
);

it('without a Vulkan driver Dawn accepts, webgpu is E_WEBGPU_UNAVAILABLE naming the fix; auto runs on CPU quietly', async () => {
  // A driver list that names no driver: the same as a machine with no GPU driver and no SwiftShader.
  const none = '/nonexistent/vk_icd.json';
  const [webgpu, auto] = await Promise.all([classifyInChild(['webgpu'], none), classifyInChild(['auto'], none)]);
  expect(webgpu.error?.code).toBe('E_WEBGPU_UNAVAILABLE');
  expect(webgpu.error?.message).toContain(`VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`);
  expect(webgpu.error?.message).toMatch(/Vulkan driver/);
  expect(auto).toMatchObject({ device: 'cpu', warnings: [] });
});
