import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test server misbehaves for one file. */
export interface ServedFile {
  bytes: Uint8Array;
  /** Answer every request with this status and no file (404, 500 …). */
  status?: number;
  /** The first `cuts.times` answers send `cuts.after` bytes, then drop the connection. */
  cuts?: { after: number; times: number };
  /** Answer Range requests with the whole file (200), as some servers do. */
  ignoreRange?: boolean;
  /** Send the body in chunks of this size, yielding between them, so concurrent clients overlap. */
  chunkSize?: number;
}

export interface WeightsServer {
  /** `http://127.0.0.1:<port>/weights/`: what `SWSL_WEIGHTS_BASE_URL` is set to. */
  readonly baseUrl: string;
  /** Every request: file name and Range header. */
  readonly requests: { file: string; range: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving checkpoints under their file names, with HTTP Range support (RFC 9110)
 * and scripted failures. Tests start one each and close it in `afterEach`.
 */
export async function startWeightsServer(files: Record<string, ServedFile>): Promise<WeightsServer> {
  const requests: WeightsServer['requests'] = [];
  const server = createServer((req, res) => {
    const file = decodeURIComponent((req.url ?? '').replace(/^\/weights\//, ''));
    const range = req.headers.range;
    requests.push({ file, range });
    const served = files[file];
    if (!served) return void res.writeHead(404, 'Not Found').end();
    if (served.status) return void res.writeHead(served.status).end();

    const total = served.bytes.byteLength;
    const start = range && !served.ignoreRange ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0) : 0;
    if (start >= total && start > 0) {
      return void res.writeHead(416, { 'Content-Range': `bytes */${total}` }).end();
    }
    const body = served.bytes.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'Content-Length': body.byteLength,
      'Accept-Ranges': 'bytes',
      ...(start > 0 ? { 'Content-Range': `bytes ${start}-${total - 1}/${total}` } : {}),
    });
    if (served.cuts && served.cuts.times > 0) {
      served.cuts.times -= 1;
      // Flush the first bytes, then close the connection (FIN, so those bytes arrive): the body is shorter than
      // its Content-Length, as when a connection drops mid-file.
      // The pause lets the client read what arrived: on a broken body, fetch drops chunks it had not yet handed out.
      return void res.write(body.subarray(0, served.cuts.after), () => setTimeout(() => res.socket?.end(), 50));
    }
    void sendInChunks(res, body, served.chunkSize ?? body.byteLength);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/weights/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendInChunks(res: ServerResponse, body: Uint8Array, chunkSize: number): Promise<void> {
  for (let offset = 0; offset < body.byteLength; offset += chunkSize) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + chunkSize));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}
