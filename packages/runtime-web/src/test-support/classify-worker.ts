/// <reference lib="webworker" />
/** Test worker: runs runtime-web inside a dedicated worker and posts the top-5 back (or the error). */
import { createClassifier } from '../index.js';

self.onmessage = async (event: MessageEvent<{ model: string; images: string[] }>) => {
  try {
    const classifier = await createClassifier({ url: event.data.model }, { device: 'wasm', wasmPaths: '/ort/' });
    const images = await Promise.all(event.data.images.map(async (url) => (await fetch(url)).blob()));
    const predictions = await classifier.classify(images);
    self.postMessage({ info: classifier.info, predictions });
    await classifier.dispose();
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
  }
};
