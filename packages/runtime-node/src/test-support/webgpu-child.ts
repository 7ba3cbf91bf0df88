// One classification in its own process, so that the Vulkan driver (VK_ICD_FILENAMES) can differ per run: Dawn reads
// it once, when it starts. `node --import tsx webgpu-child.ts <device> [fp32|fp16]` prints one JSON line: the device
// and adapter it ran on with the top-5 of two committed samples, or the typed error.
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { createClassifier } from '../create-classifier.js';
import type { NodeDevice } from '../device.js';

const [device = 'auto', dtype = 'fp32'] = process.argv.slice(2) as [NodeDevice, 'fp32' | 'fp16'];
const samples = ['chelsea.jpg', 'coffee.jpg'].map((name) => join(process.cwd(), '..', '..', 'samples', name));
const warnings: string[] = [];
let result: unknown;
try {
  const started = performance.now();
  const classifier = await createClassifier(
    { checkpoint: fixturePath('tiny-basic.zip.pth') },
    { device, dtype, batchSize: 2, onWarning: (w) => warnings.push(w) },
  );
  const predictions = await classifier.classify(samples);
  result = {
    device: classifier.info.device,
    adapter: classifier.info.adapter,
    top5: predictions.map((p) => p.map((x) => x.index)),
    logits: predictions.map((p) => p.map((x) => x.logit)),
    ms: Math.round(performance.now() - started),
    warnings,
  };
  await classifier.dispose();
} catch (error) {
  const e = error as { code?: string; message?: string };
  result = { error: { code: e.code, message: e.message }, warnings };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// Dawn's threads may keep the process alive after the session is released.
process.exit(0);
