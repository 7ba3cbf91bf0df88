// @swsl/runtime-node README: classify a photo with a local checkpoint (converted on the fly), print the top-5.
import { createClassifier } from '@swsl/runtime-node';

const [checkpoint, image] = process.argv.slice(2);
const classifier = await createClassifier({ checkpoint }, { cacheDir: 'swsl-cache', offline: true });
const [top5] = await classifier.classify(image);
await classifier.dispose();
if (top5?.length !== 5) throw new Error(`top-5 has ${top5?.length} entries`);
console.log(
  `${classifier.info.device}: ${top5.map((p) => `${p.name} ${(p.probability * 100).toFixed(2)}%`).join(', ')}`,
);
