import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServeError } from '../errors.js';
import { runImages } from '../run-images.js';
import type { NamedImage, ServedModel } from '../served-model.js';

const MEDIA = /^(image\/[a-z0-9.+-]+|application\/octet-stream)$/i;

/** The images of a plain request: the body itself (`image/*`, `application/octet-stream`) or each multipart file. */
async function imagesOf(request: FastifyRequest): Promise<NamedImage[]> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (request.isMultipart()) {
    const images: NamedImage[] = [];
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      images.push({ name: part.filename || `file[${images.length}]`, bytes: new Uint8Array(await part.toBuffer()) });
    }
    if (!images.length) throw new ServeError(400, 'E_NO_INPUT', 'the multipart body holds no file part');
    return images;
  }
  if (!MEDIA.test(type)) {
    throw new ServeError(
      415,
      'E_UNSUPPORTED_MEDIA_TYPE',
      `content-type "${type}": send the image as image/* or application/octet-stream, or files as multipart/form-data`,
    );
  }
  const body = request.body as Buffer | undefined;
  if (!body?.length) throw new ServeError(400, 'E_NO_INPUT', 'the body is empty: send an image');
  return [{ name: 'body', bytes: new Uint8Array(body) }];
}

function topK(request: FastifyRequest, classes: number): number {
  const raw = (request.query as { top_k?: string }).top_k;
  if (raw === undefined) return 5;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    throw new ServeError(400, 'E_BAD_REQUEST', `top_k must be an integer 1…${classes}; got "${raw}"`);
  }
  return k;
}

/**
 * `POST /v1/models/{name}/classify` and `/embed`, for curl: rows like `swsl classify --jsonl`'s
 * (`{file, predictions: [{rank, index, wnid, name, probability, logit}]}`) and `swsl embed --jsonl`'s (`{file, embedding}`).
 */
export function addPlainRoutes(
  app: FastifyInstance,
  model: (request: FastifyRequest) => ServedModel,
  deadlineMs: number,
): void {
  app.post('/v1/models/:name/classify', async (request) => {
    const served = model(request);
    const k = topK(request, served.classifier.info.numClasses);
    const images = await imagesOf(request);
    const outputs = await runImages(served, images, deadlineMs);
    return outputs.map((o, i) => ({
      file: images[i]?.name,
      predictions: served.classifier.rank(o.logits, k).map((p, rank) => ({ rank: rank + 1, ...p })),
    }));
  });
  app.post('/v1/models/:name/embed', async (request) => {
    const served = model(request);
    const images = await imagesOf(request);
    const outputs = await runImages(served, images, deadlineMs);
    return outputs.map((o, i) => ({ file: images[i]?.name, embedding: Array.from(o.features) }));
  });
}
