import { DefaultPorts, intEnv } from '@app/common';
import { parseTrustProxy, TrustProxy } from './shared/trust-proxy';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Internal services the gateway calls over HTTP. */
export type Upstream = 'wallet' | 'orchestrator' | 'warehouse' | 'notification';

export interface GatewayConfig {
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** How long POST /orders waits for a terminal status before answering 202. */
  orderWaitMs: number;
  /** Back-off before asking the orchestrator again when a long poll failed (it answers settled states at once). */
  orderPollMs: number;
  upstreamTimeoutMs: number;
  upstreams: Record<Upstream, string>;
  /** Where the lot service's replicas are: the gateway sends every call about one lot to its owner. */
  lotReplicas: LotReplicasConfig;
  /** store: where attempts are counted; postgres (default) is shared by every replica */
  loginRateLimit: { max: number; windowMs: number; store: 'postgres' | 'memory' };
  /** Express `trust proxy` (GAVEL_TRUST_PROXY): which hops' X-Forwarded-For gives the client's address. */
  trustProxy: TrustProxy;
  admin?: { email: string; password: string };
}

/**
 * The lot service's replicas: a fixed list (GAVEL_LOT_URLS, comma-separated; GAVEL_LOT_URL alone is a
 * list of one), or the addresses of a headless Service's DNS name (GAVEL_LOT_DISCOVERY=dns:<host>:<port>),
 * resolved again every GAVEL_LOT_DISCOVERY_MS (5 s).
 */
export type LotReplicasConfig =
  { kind: 'static'; urls: string[] } | { kind: 'dns'; host: string; port: number; refreshMs: number };

const DEV_JWT_SECRET = 'gavel-dev-only-jwt-secret-do-not-use-in-production';

function upstreamUrl(service: Upstream | 'lot'): string {
  const fromEnv = process.env[`GAVEL_${service.toUpperCase()}_URL`];
  return (fromEnv && fromEnv.length > 0 ? fromEnv : `http://127.0.0.1:${DefaultPorts[service]}`).replace(
    /\/+$/,
    '',
  );
}

/**
 * Reads the gateway's configuration from the environment. `GAVEL_JWT_SECRET` is required in
 * production; elsewhere a development default is used and reported through `warn`.
 */
export function loadGatewayConfig(warn: (message: string) => void): GatewayConfig {
  let jwtSecret = process.env.GAVEL_JWT_SECRET ?? '';
  if (jwtSecret === '') {
    if (process.env.NODE_ENV === 'production') throw new Error('GAVEL_JWT_SECRET must be set in production');
    warn('GAVEL_JWT_SECRET is not set: using the development default secret (never in production)');
    jwtSecret = DEV_JWT_SECRET;
  }
  const adminEmail = process.env.GAVEL_ADMIN_EMAIL ?? '';
  const adminPassword = process.env.GAVEL_ADMIN_PASSWORD ?? '';
  return {
    jwtSecret,
    jwtTtlSeconds: positive('GAVEL_JWT_TTL_S', 3600),
    orderWaitMs: intEnv('GAVEL_ORDER_WAIT_MS', 5000),
    orderPollMs: positive('GAVEL_ORDER_POLL_MS', 200),
    upstreamTimeoutMs: positive('GAVEL_UPSTREAM_TIMEOUT_MS', 3000),
    upstreams: {
      wallet: upstreamUrl('wallet'),
      orchestrator: upstreamUrl('orchestrator'),
      warehouse: upstreamUrl('warehouse'),
      notification: upstreamUrl('notification'),
    },
    lotReplicas: lotReplicasConfig(),
    loginRateLimit: {
      max: positive('GAVEL_LOGIN_RATE_MAX', 10),
      windowMs: positive('GAVEL_LOGIN_RATE_WINDOW_S', 60) * 1000,
      store: loginRateStore(),
    },
    trustProxy: parseTrustProxy(process.env.GAVEL_TRUST_PROXY),
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
  };
}

function lotReplicasConfig(): LotReplicasConfig {
  const discovery = process.env.GAVEL_LOT_DISCOVERY ?? '';
  const urls = (process.env.GAVEL_LOT_URLS ?? '')
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u.length > 0);
  if (discovery && urls.length > 0) throw new Error('set GAVEL_LOT_DISCOVERY or GAVEL_LOT_URLS, not both');
  if (discovery) {
    const m = /^dns:([A-Za-z0-9.-]+):(\d{1,5})$/.exec(discovery);
    if (!m) throw new Error(`GAVEL_LOT_DISCOVERY must be dns:<host>:<port>, got "${discovery}"`);
    return {
      kind: 'dns',
      host: m[1],
      port: Number(m[2]),
      refreshMs: positive('GAVEL_LOT_DISCOVERY_MS', 5000),
    };
  }
  return { kind: 'static', urls: urls.length > 0 ? [...new Set(urls)].sort() : [upstreamUrl('lot')] };
}

function loginRateStore(): 'postgres' | 'memory' {
  const store = process.env.GAVEL_LOGIN_RATE_STORE || 'postgres';
  if (store !== 'postgres' && store !== 'memory') {
    throw new Error(`GAVEL_LOGIN_RATE_STORE must be postgres or memory, got "${store}"`);
  }
  return store;
}

function positive(name: string, fallback: number): number {
  const value = intEnv(name, fallback);
  if (value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}
