import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIfAvailable } from '@swsl/reference';
import { cudaProviderLibrary, SWIFTSHADER_ICD } from '@swsl/runtime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from './commands/doctor.js';
import { runCli } from './test-support/run-cli.js';

// `swsl doctor` as users run it (the built binary), offline. Each run is its own process, so VK_ICD_FILENAMES (read
// once by the Vulkan loader) can choose the WebGPU driver.
let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'swsl-doctor-'));
  await writeFile(join(cacheDir, 'manifest.json'), '{}');
});
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

async function doctor(icd: string, json = true) {
  const started = performance.now();
  const result = await runCli(['--cache-dir', cacheDir, 'doctor', '--offline', ...(json ? ['--json'] : [])], {
    env: { VK_ICD_FILENAMES: icd },
  });
  return { ...result, ms: performance.now() - started };
}

describe('swsl doctor --offline', () => {
  it('reports each device with its verdict and fix, in under 5 s, without touching the network', async () => {
    const { code, stdout, ms } = await doctor('/nonexistent/vk_icd.json');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.node.version).toBe(process.version);
    expect(report.onnxruntime.backends).toContainEqual({ name: 'webgpu', bundled: true });
    expect(report.cpu).toMatchObject({ ok: true, threads: expect.any(Number) });
    expect(typeof report.cpu.avx2).toBe('boolean');
    // Without a CUDA provider library (this checkout, CI, a user's plain install with its empty placeholder) doctor
    // says no and how to install it; on a machine where CUDA is installed that verdict is the machine's to give.
    if (!cudaProviderLibrary()) {
      expect(report.cuda.ok).toBe(false);
      expect(report.cuda.fix).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node');
      expect(report.auto).toBe('cpu');
    }
    expect(report.webgpu).toMatchObject({ ok: false, adapters: [], hardware: false });
    expect(report.webgpu.fix).toContain(`VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`);
    expect(report.cache).toMatchObject({ dir: cacheDir, exists: true, files: 1, bytes: 2 });
    expect(report.network).toEqual({ skipped: expect.any(String), sources: [] });
  });

  it('prints a line per check, each "no" followed by its fix', async () => {
    const { code, stdout } = await doctor('/nonexistent/vk_icd.json', false);
    expect(code).toBe(0);
    if (!cudaProviderLibrary()) {
      expect(stdout).toMatch(/^cuda +no +.*\n +fix: .*ONNXRUNTIME_NODE_INSTALL=cuda12/m);
      expect(stdout).toMatch(/^auto +cpu/m);
    }
    expect(stdout).toMatch(/^webgpu +no +no adapter.*\n +fix: .*VK_ICD_FILENAMES=/m);
    expect(stdout).toMatch(/^network +skipped/m);
  });
});

describeIfAvailable(
  'swsl doctor with SwiftShader',
  {
    what: 'SwiftShader Vulkan driver',
    available: existsSync(SWIFTSHADER_ICD),
    reason: `no ${SWIFTSHADER_ICD}: \`apt-get install -y chromium\``,
    requiredBy: 'SWSL_REQUIRE_BROWSER',
  },
  () => {
    it('reports SwiftShader as a software adapter that auto does not use', async () => {
      const { code, stdout } = await doctor(SWIFTSHADER_ICD);
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as DoctorReport;
      expect(report.webgpu.adapters[0]).toMatchObject({ architecture: 'swiftshader', software: expect.any(String) });
      expect(report.webgpu.adapters[0]?.features).not.toContain('shader-f16');
      expect(report.webgpu).toMatchObject({ ok: false, hardware: false });
      expect(report.webgpu.summary).toMatch(/software adapter only/);
      expect(report.auto).toBe('cpu');
    });
  },
);
