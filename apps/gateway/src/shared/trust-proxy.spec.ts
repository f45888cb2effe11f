import express from 'express';
import request from 'supertest';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

describe('parseTrustProxy (GAVEL_TRUST_PROXY)', () => {
  it('is off when unset, empty, false or 0', () => {
    for (const raw of [undefined, '', '  ', 'false', '0']) expect(parseTrustProxy(raw)).toBe(false);
  });

  it('reads a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
  });

  it('reads a list of addresses, CIDRs and proxy-addr names', () => {
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses true: every hop trusted means the client writes its own address', () => {
    expect(() => parseTrustProxy('true')).toThrow(/would trust a client-written X-Forwarded-For/);
  });

  it('refuses what is neither a count nor an address list', () => {
    for (const raw of [
      'yes',
      '10.0.0.0/33',
      'fd00::/129',
      '10.0.0.1/8/8',
      '1.5',
      'ingress-nginx',
      '10.0.0.0/',
    ]) {
      expect(() => parseTrustProxy(raw)).toThrow(/GAVEL_TRUST_PROXY must be a hop count/);
    }
  });
});

/** What Express makes of the setting: req.ip of a request with that X-Forwarded-For. */
async function clientIp(trustProxy: TrustProxy, forwardedFor: string): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.get('/', (req, res) => res.send(req.ip));
  return (await request(app).get('/').set('x-forwarded-for', forwardedFor)).text;
}

describe('the parsed setting in Express', () => {
  it('off: the socket address, whatever the client forwards', async () => {
    expect(await clientIp(parseTrustProxy(''), '203.0.113.9')).toMatch(/127\.0\.0\.1$/);
  });

  it('one hop: the address the proxy appended, not one the client put in front of it', async () => {
    expect(await clientIp(parseTrustProxy('1'), '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('a CIDR list: skips the trusted proxies from the right', async () => {
    expect(
      await clientIp(parseTrustProxy('loopback, 10.0.0.0/8'), '198.51.100.1, 203.0.113.9, 10.1.2.3'),
    ).toBe('203.0.113.9');
  });
});
