import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that nothing listens on (taken from the OS, then freed): a connection there is refused at once,
 * which is what "no network" looks like to a download, without depending on the machine's real network.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
