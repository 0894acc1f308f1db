import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { OutboundHttp, ResponseTooLarge } from './outbound-http';
import { type AddressGate, gateFor, type Resolver, TargetRefused } from './target';

/** A real HTTP server on 127.0.0.1 that answers with `handle`. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

// The test servers live on 127.0.0.1: the service's gate plus exactly that one hole.
const onlyLocal: AddressGate = (address) => (address === '127.0.0.1' ? null : gateFor(false)(address));
const noDns: Resolver = () => Promise.resolve([]);
const client = (gate: AddressGate = onlyLocal, timeoutMs = 2000) =>
  new OutboundHttp({ gate, resolve: noDns, timeoutMs });

describe('OutboundHttp.get (docs pages)', () => {
  it('follows a redirect as a GET and answers the body, its type and the final URL', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/docs/auth' }).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<h1>${req.method} ${req.url}</h1>`);
    });
    servers.push(s);
    const page = await client().get(`${s.url}/old`, { maxBytes: 1024 });
    expect(page).toMatchObject({
      status: 200,
      url: `${s.url}/docs/auth`,
      contentType: 'text/html; charset=utf-8',
      redirects: 1,
    });
    expect(page.body.toString()).toBe('<h1>GET /docs/auth</h1>');
  });

  it('refuses a redirect to a private address without connecting there', async () => {
    const s = await serve((_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end());
    servers.push(s);
    await expect(client().get(s.url, { maxBytes: 1024 })).rejects.toThrow(TargetRefused);
    await expect(client(gateFor(false)).get(s.url, { maxBytes: 1024 })).rejects.toThrow(/loopback/);
  });

  it('stops a body over the cap, counting what it decodes to', async () => {
    const big = 'x'.repeat(300_000);
    const plain = await serve((_req, res) => res.writeHead(200).end(big));
    // 300 kB of one letter compresses to well under the cap: the bomb is in the decoding.
    const zipped = await serve((req, res) => {
      expect(req.headers['accept-encoding']).toContain('gzip');
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(big));
    });
    servers.push(plain, zipped);
    await expect(client().get(plain.url, { maxBytes: 100_000 })).rejects.toThrow(ResponseTooLarge);
    await expect(client().get(zipped.url, { maxBytes: 100_000 })).rejects.toThrow(ResponseTooLarge);
    const whole = await client().get(zipped.url, { maxBytes: 400_000 });
    expect(whole.body.toString()).toBe(big);
  });

  it('gives up after its timeout, and when the caller aborts', async () => {
    const silent = await serve(() => undefined);
    servers.push(silent);
    await expect(client(onlyLocal, 200).get(silent.url, { maxBytes: 1024 })).rejects.toThrow(
      /no answer within 200 ms/,
    );
    const controller = new AbortController();
    const pending = client(onlyLocal, 5000).get(silent.url, { maxBytes: 1024, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
