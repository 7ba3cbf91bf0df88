import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type HubServer, startHubServer } from './hub-server.js';

const REPO = 'timm/test.fb_swsl_ig1b_ft_in1k';
const BYTES = new Uint8Array(100_000).map((_, i) => (i * 7) % 251);
const SHA = createHash('sha256').update(BYTES).digest('hex');

describe('the imitation hub', () => {
  let hub: HubServer | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it('redirects a resolve URL to a one-time CDN URL, with the sha256 and size in X-Linked-*', async () => {
    hub = await startHubServer({ files: { [REPO]: { bytes: BYTES } } });
    const resolve = `${hub.endpoint}/${REPO}/resolve/main/model.safetensors`;
    const redirect = await fetch(resolve, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('x-linked-etag')).toBe(`"${SHA}"`);
    expect(redirect.headers.get('x-linked-size')).toBe(String(BYTES.byteLength));
    const target = redirect.headers.get('location')!;
    expect(target.startsWith(hub.cdnOrigin)).toBe(true);

    const part = await fetch(target, { headers: { Range: 'bytes=40000-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 40000-99999/${BYTES.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(BYTES.subarray(40000));
    // Used once: expired.
    expect((await fetch(target)).status).toBe(403);
    // Followed redirects (what a browser does) get the whole file.
    expect(new Uint8Array(await (await fetch(resolve)).arrayBuffer())).toEqual(BYTES);
  });

  it('lists the file with its LFS sha256 in the model-info API, and 404s unknown repositories', async () => {
    hub = await startHubServer({ files: { [REPO]: { bytes: BYTES, claimedSha256: 'ab'.repeat(32) } } });
    const response = await fetch(`${hub.endpoint}/api/models/${REPO}/revision/main?blobs=true`);
    const info = (await response.json()) as { siblings: unknown };
    expect(info.siblings).toEqual([
      {
        rfilename: 'model.safetensors',
        size: BYTES.byteLength,
        lfs: { sha256: 'ab'.repeat(32), size: BYTES.byteLength },
      },
    ]);
    expect((await fetch(`${hub.endpoint}/timm/nothing/resolve/main/model.safetensors`)).status).toBe(404);
    expect(hub.requests.map((r) => [r.origin, r.status])).toEqual([
      ['api', 200],
      ['hub', 404],
    ]);
  });
});
