import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { checkWebhookUrl } from '../../libs/notifications/src/create-webhook/webhook-url.check';
import {
  type AddressGate,
  classifyAddress,
  gateFor,
  OutboundHttp,
  type Resolver,
  TargetRefused,
} from '../../libs/outbound/src';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { adminSession } from '../support/story';
import { startReceiver } from './receiver';

jest.setTimeout(30_000);

/** A resolver that answers from a table, as a hostile DNS server could. */
const fakeDns =
  (table: Record<string, string>): Resolver =>
  (host) =>
    Promise.resolve(table[host] ? [{ address: table[host], family: table[host].includes(':') ? 6 : 4 }] : []);

describe('SSRF protection for webhook targets', () => {
  describe('at creation, with KEYLEDGER_WEBHOOK_ALLOW_PRIVATE off', () => {
    let env: TestEnv;
    let api: RunningApp;

    beforeAll(async () => {
      env = await createTestEnv();
      api = await env.start({ KEYLEDGER_RATE_ADMIN: '1000/1m' }, { background: false });
    });
    afterAll(() => env.close());

    it.each([
      'http://127.0.0.1:8080/hook',
      'http://10.0.0.1/hook',
      'http://[::1]:8080/hook',
      'http://localhost:8080/hook',
      'http://LOCALHOST.:8080/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
      'ftp://example.com/hook',
    ])('refuses %s with 400', async (url) => {
      const { admin } = await adminSession(api);
      const res = await admin('POST', '/api/admin/webhooks', { url, events: ['AccessRequested'] });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('https://keyledger.dev/problems/webhook-target-refused');
      expect(res.body.errors[0].field).toBe('url');
    });

    it('refuses this machine’s own hostname, which the system resolver maps to a local address', async () => {
      const addresses = await lookup(hostname(), { all: true }).catch(() => []);
      // Where the hostname does not resolve at all, creation rightly accepts it (delivery re-checks).
      if (addresses.length === 0 || addresses.every((a) => classifyAddress(a.address) === 'public')) return;
      const { admin } = await adminSession(api);
      const res = await admin('POST', '/api/admin/webhooks', {
        url: `http://${hostname()}:8080/`,
        events: ['ToolAdded'],
      });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/resolves to a/);
    });

    it('refuses a hostname that resolves to a loopback address', async () => {
      const gate = gateFor(false);
      const dns = fakeDns({ 'hooks.attacker.test': '127.0.0.1', 'six.attacker.test': 'fd00::1' });
      await expect(checkWebhookUrl('https://hooks.attacker.test/x', gate, dns, false)).rejects.toMatchObject({
        type: 'webhook-target-refused',
      });
      await expect(checkWebhookUrl('https://six.attacker.test/x', gate, dns, false)).rejects.toMatchObject({
        type: 'webhook-target-refused',
      });
      // Allowed explicitly (on-premise receivers), and a public address is fine either way.
      await expect(
        checkWebhookUrl('https://hooks.attacker.test/x', gateFor(true), dns, true),
      ).resolves.toBeInstanceOf(URL);
      const publicDns = fakeDns({ 'hooks.example.com': '93.184.216.34' });
      await expect(
        checkWebhookUrl('https://hooks.example.com/x', gate, publicDns, false),
      ).resolves.toBeInstanceOf(URL);
    });
  });

  describe('at delivery, on every hop', () => {
    const receivers: Array<{ close(): Promise<void> }> = [];
    afterAll(async () => {
      for (const r of receivers) await r.close();
    });
    // The receivers live on 127.0.0.1, so the tests let exactly that address through and
    // refuse everything else that is not public: the gate the service uses, plus one hole.
    const onlyLocalReceiver: AddressGate = (address) =>
      address === '127.0.0.1' ? null : gateFor(false)(address);
    const client = (gate: AddressGate, dns: Resolver = fakeDns({})) =>
      new OutboundHttp({ gate, resolve: dns, timeoutMs: 2000 });

    it('refuses a name that resolves to 127.0.0.1 and never connects', async () => {
      const r = await startReceiver();
      receivers.push(r);
      const dns = fakeDns({ 'rebind.attacker.test': '127.0.0.1' });
      const sent = client(gateFor(false), dns).post(`http://rebind.attacker.test:${r.port}/`, {}, '{}');
      await expect(sent).rejects.toThrow(TargetRefused);
      await expect(client(gateFor(false)).post(`http://127.0.0.1:${r.port}/`, {}, '{}')).rejects.toThrow(
        /loopback/,
      );
      await expect(client(gateFor(false)).post(`http://[::1]:${r.port}/`, {}, '{}')).rejects.toThrow(
        /loopback/,
      );
      expect(r.received).toHaveLength(0);
    });

    it('connects to the address it checked, not to a second DNS answer', async () => {
      const r = await startReceiver();
      receivers.push(r);
      // The system resolver knows nothing of this name: reaching the receiver proves the pin.
      const dns = fakeDns({ 'pinned.test': '127.0.0.1' });
      const res = await client(onlyLocalReceiver, dns).post(
        `http://pinned.test:${r.port}/in`,
        { 'x-a': '1' },
        '{"a":1}',
      );
      expect(res.status).toBe(200);
      expect(r.received[0]).toMatchObject({
        path: '/in',
        body: '{"a":1}',
        headers: { host: `pinned.test:${r.port}` },
      });
    });

    it.each([
      'http://10.0.0.1/steal',
      'http://[::1]/steal',
      'http://169.254.169.254/latest/meta-data',
      'file:///etc/passwd',
    ])('refuses a redirect to %s', async (location) => {
      const r = await startReceiver(() => ({ status: 302, location }));
      receivers.push(r);
      await expect(client(onlyLocalReceiver).post(`${r.url}/hook`, {}, '{}')).rejects.toThrow(TargetRefused);
      expect(r.received).toHaveLength(1);
    });

    it('follows up to 3 allowed redirects, re-posting the body, and no more', async () => {
      const final = await startReceiver(() => ({ status: 201 }));
      const hops = await startReceiver((n) => ({
        status: 307,
        location: n < 3 ? `/hop${n + 1}` : `${final.url}/done`,
      }));
      receivers.push(final, hops);
      const res = await client(onlyLocalReceiver).post(`${hops.url}/hop1`, {}, '{"x":1}');
      expect(res).toMatchObject({ status: 201, redirects: 3 });
      expect(final.received[0]).toMatchObject({ path: '/done', body: '{"x":1}' });
      const loop = await startReceiver(() => ({ status: 308, location: '/again' }));
      receivers.push(loop);
      await expect(client(onlyLocalReceiver).post(loop.url, {}, '{}')).rejects.toThrow(
        /more than 3 redirects/,
      );
      expect(loop.received).toHaveLength(4);
    });
  });
});
