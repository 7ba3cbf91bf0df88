import type { HubFile } from './variants.js';

/**
 * `<endpoint>/<repo>/resolve/<revision>/<file>`: the URL `huggingface_hub` downloads a file from. The hub answers it
 * with a redirect to its CDN and, for LFS files, the file's sha256 in `X-Linked-Etag`.
 */
export function hubResolveUrl(endpoint: string, hub: HubFile): string {
  const file = hub.file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/, '')}/${hub.repo}/resolve/${encodeURIComponent(hub.revision)}/${file}`;
}

/** `<endpoint>/api/models/<repo>/revision/<revision>?blobs=true`: the repository's files with their LFS sha256. */
export function hubModelInfoUrl(endpoint: string, hub: HubFile): string {
  return `${endpoint.replace(/\/+$/, '')}/api/models/${hub.repo}/revision/${encodeURIComponent(hub.revision)}?blobs=true`;
}
