import { readFileSync } from 'node:fs';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { CudaUnavailableError, createSession, cudaProviderLibrary } from './device.js';

const model = (await convertCheckpoint(new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth'))))).onnx;

describe('createSession: CUDA is an opt-in', () => {
  it('this machine has no CUDA provider library (or only the empty placeholders of a plain install)', () => {
    expect(cudaProviderLibrary()).toBeUndefined();
  });

  it('a CUDA provider that is installed but does not load: auto warns once and runs on CPU; cuda fails', async () => {
    // A library path that exists as far as swsl can tell, on a machine where onnxruntime cannot load CUDA.
    const cudaLibrary = () => '/installed/libonnxruntime_providers_cuda.so';
    const warnings: string[] = [];
    const auto = await createSession(model, { device: 'auto', cudaLibrary, onWarning: (w) => warnings.push(w) });
    expect(auto.device).toBe('cpu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^CUDA is installed but did not load \(.+\); running on CPU/);
    await auto.session.release();
    await expect(createSession(model, { device: 'cuda', cudaLibrary })).rejects.toBeInstanceOf(CudaUnavailableError);
  });

  it('cuda without the library names the command that installs it', async () => {
    const error = await createSession(model, { device: 'cuda', cudaLibrary: () => undefined }).catch((e) => e);
    expect(error).toMatchObject({ code: 'E_CUDA_UNAVAILABLE' });
    expect(error.message).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node');
  });
});
