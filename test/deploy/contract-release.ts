/**
 * The Helm chart rendered for minikube as the contract smoke test runs it on one machine against the
 * local stack (scripts/stack.sh): the rendered env of each pod, its in-cluster addresses rewritten to
 * the stack's ports, and the few Secret values that must be the stack's own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  addressTable,
  appServiceAddresses,
  Container,
  LocalAddress,
  parseManifests,
  RenderedRelease,
  rewriteAddresses,
  SecretOverrides,
} from './rendered-env';

export const ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(ROOT, 'helm/gavel');
export const HELM = path.join(process.env.GAVEL_TOOLS_DIR ?? path.join(ROOT, '.gavel/tools'), 'bin/helm');
const SECRET = 'gavel-secrets';

const portEnv = (name: string, fallback: number): number => Number(process.env[name] || fallback);

/** The local stack's ports (scripts/stack/*.sh defaults, each overridable as there). */
export const LOCAL = {
  pg: portEnv('GAVEL_PG_PORT', 55432),
  kafka: portEnv('GAVEL_KAFKA_PORT', 19092),
  connect: portEnv('GAVEL_CONNECT_PORT', 18083),
  opensearch: portEnv('GAVEL_OPENSEARCH_PORT', 19200),
  s3: portEnv('GAVEL_S3_PORT', 18333),
  chain: portEnv('GAVEL_GANACHE_PORT', 18545),
  pgUser: process.env.GAVEL_PG_USER || 'gavel',
  pgPassword: process.env.GAVEL_PG_PASSWORD || 'gavel',
  s3AccessKeyId: process.env.GAVEL_S3_ACCESS_KEY_ID || 'gavel-lot',
  s3SecretAccessKey: process.env.GAVEL_S3_SECRET_ACCESS_KEY || 'gavel-lot-local-only',
};

/**
 * The Secret values the local stack fixes. Everything else (JWT secret, each app's PostgreSQL role
 * password, Debezium's) stays as generated: the roles are created with those very passwords.
 * - pg-password: the superuser's. The chart's roles script runs `ALTER ROLE CURRENT_USER PASSWORD`
 *   with it, so on the local stack it must be the stack's superuser password (else the script would
 *   lock every other user of the stack out), and the script connects with it.
 * - s3-access-key-id / s3-secret-access-key: the identity SeaweedFS knows (infra/seaweedfs/s3.json); a
 *   generated key would be refused, and the in-chart S3 server's identity is not what is under test.
 */
export const SECRET_OVERRIDES: SecretOverrides = {
  [SECRET]: {
    'pg-password': LOCAL.pgPassword,
    's3-access-key-id': LOCAL.s3AccessKeyId,
    's3-secret-access-key': LOCAL.s3SecretAccessKey,
  },
};

/** In-cluster Service → local port, for the infrastructure the local stack stands in for. */
const INFRA_PORTS: Record<string, Record<number, number>> = {
  'gavel-postgresql': { 5432: LOCAL.pg },
  'gavel-kafka': { 9092: LOCAL.kafka },
  'gavel-connect': { 8083: LOCAL.connect },
  'gavel-opensearch': { 9200: LOCAL.opensearch },
  'gavel-s3': { 8333: LOCAL.s3 },
  'gavel-chain': { 8545: LOCAL.chain },
};
/** Settings that give a host and its port in two variables. */
const HOST_PORT_PAIRS: [string, string][] = [
  ['GAVEL_PG_HOST', 'GAVEL_PG_PORT'],
  ['database.hostname', 'database.port'],
];

/** Each app of the chart (a Deployment labelled component=app): its name is the container's. */
export function renderedApps(release: RenderedRelease): string[] {
  return release.objects
    .filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'app')
    .map((o) => o.metadata.labels!['app.kubernetes.io/name']);
}

export function helmTemplate(...extra: string[]): string {
  return execFileSync(
    HELM,
    [
      'template',
      'gavel',
      CHART,
      '--namespace',
      'gavel',
      '--kube-version',
      process.env.GAVEL_K8S_VERSION ?? '1.33.0',
    ].concat(['-f', path.join(CHART, 'values-minikube.yaml'), ...extra]),
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

/**
 * values-minikube.yaml, with every app's database (and so the PostgreSQL init scripts', the Debezium
 * connector's name, slot and publication, all derived from it) set to `database`, when given: a
 * database of the test's own beside the stack's `gavel`.
 */
export function renderMinikube(database?: string): RenderedRelease {
  let release = new RenderedRelease(parseManifests(helmTemplate()), SECRET_OVERRIDES);
  if (database) {
    const sets = [`postgresql.databases={${database}}`];
    for (const app of renderedApps(release)) {
      const env = release.configMapData(`gavel-${app}-env`) ?? {};
      if (env[`GAVEL_${app.toUpperCase().replace(/-/g, '_')}_DB`])
        sets.push(`apps.${app}.database=${database}`);
    }
    release = new RenderedRelease(
      parseManifests(helmTemplate(...sets.flatMap((s) => ['--set', s]))),
      SECRET_OVERRIDES,
    );
  }
  return release;
}

export class LocalRelease {
  readonly addresses: Map<string, LocalAddress>;
  private readonly clusterServices: string[];

  constructor(readonly release: RenderedRelease) {
    const apps = renderedApps(release).map((app) => `gavel-${app}`);
    this.addresses = new Map([...addressTable(INFRA_PORTS), ...appServiceAddresses(release, apps)]);
    this.clusterServices = release.objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
  }

  /** A container's rendered env with its in-cluster addresses rewritten to the local stack. */
  env(container: Container): Record<string, string> {
    return this.rewrite(this.release.env(container));
  }

  rewrite(values: Record<string, string>): Record<string, string> {
    return rewriteAddresses(values, this.addresses, this.clusterServices, HOST_PORT_PAIRS);
  }

  appContainer(app: string, container = app): Container {
    return this.release.container('Deployment', `gavel-${app}`, container);
  }

  /** The app's HTTP port: its container's `http` port, where the probes go. */
  httpPort(app: string): number {
    const port = this.appContainer(app).ports?.find((p) => p.name === 'http')?.containerPort;
    if (!port) throw new Error(`gavel-${app} has no http container port`);
    return port;
  }
}
