// What a page imports from @swsl/runtime-web (bundled by esbuild for the browser, with the two worker entries).
import { createWorkerClassifier, listCachedModels } from '@swsl/runtime-web';

const button = document.querySelector('button');
button?.addEventListener('click', async () => {
  const classifier = await createWorkerClassifier('resnet18_swsl', { wasmPaths: '/ort/' });
  console.log(await classifier.classify(document.querySelector('img')), await listCachedModels());
});
