import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { isIP } from 'node:net';

/**
 * Express's `trust proxy` setting: off, the number of proxy hops in front of the gateway, or the
 * addresses/CIDRs of the proxies. With it, `req.ip` is the address the nearest untrusted hop saw
 * (X-Forwarded-For read from the right), so a client cannot choose its own by sending the header.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for address ranges, accepted in a list like an address. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads GAVEL_TRUST_PROXY: "" / "false" / "0" = off (the socket's address, the local default); a
 * positive integer = that many proxy hops (1 behind ingress-nginx or a cloud ALB); otherwise a
 * comma-separated list of addresses, CIDRs and proxy-addr's names (loopback, linklocal, uniquelocal).
 * "true" is refused: it trusts every hop, so the leftmost X-Forwarded-For entry, which the client
 * writes, would become its address.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') {
    throw new Error(
      'GAVEL_TRUST_PROXY=true would trust a client-written X-Forwarded-For: give the number of proxy hops (e.g. 1) or the proxies’ addresses/CIDRs',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) {
    throw new Error(
      `GAVEL_TRUST_PROXY must be a hop count or a comma-separated list of addresses/CIDRs, got "${bad.join('", "')}"`,
    );
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Applies the setting to the gateway's Express instance (before it listens). */
export function applyTrustProxy(app: INestApplication, trustProxy: TrustProxy): void {
  (app as NestExpressApplication).set('trust proxy', trustProxy);
}
