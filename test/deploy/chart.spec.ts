/**
 * The Helm chart, rendered offline with the real `helm template` (installed by scripts/tools.sh into
 * .gavel/tools/bin) for each target's values file: every app gets a Deployment with probes, a
 * Service, a PDB and its env; the hot apps get an HPA; nothing runs as root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(ROOT, 'helm/gavel');
const HELM = path.join(process.env.GAVEL_TOOLS_DIR ?? path.join(ROOT, '.gavel/tools'), 'bin/helm');
const KUBE_VERSION = process.env.GAVEL_K8S_VERSION ?? '1.33.0';
const TARGETS = ['minikube', 'yandex'] as const;
const HPA_APPS = ['gateway', 'orchestrator', 'lot'];

// js-yaml ships with the toolchain (eslint, @nestjs/swagger) but without type declarations.
const { loadAll } = createRequire(__filename)('js-yaml') as { loadAll(input: string): unknown[] };

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: SecurityContext;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
}
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: {
    selector?: Record<string, unknown> & { matchLabels?: Record<string, string> };
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
    jobTemplate?: { spec: { template: { spec: PodSpec } } };
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minAvailable?: number;
    maxUnavailable?: number;
    ports?: { name: string; port: number; targetPort: string | number }[];
  };
  data?: Record<string, string>;
}

function render(target: string, ...extra: string[]): Resource[] {
  const out = execFileSync(
    HELM,
    [
      'template',
      'gavel',
      CHART,
      '--namespace',
      'gavel',
      '--kube-version',
      KUBE_VERSION,
      '-f',
      path.join(CHART, `values-${target}.yaml`),
      // what a Yandex install must provide (install.sh: GAVEL_INGRESS_HOST, GAVEL_ETH_RPC_URL)
      ...(target === 'yandex'
        ? [
            ...['--set', 'ingress.host=gavel.example.com', '--set', 'chain.rpcUrl=https://rpc.example.com'],
            ...['--set', 'photos.s3.bucket=gavel-photos', '--set', 'secrets.s3AccessKeyId=AK'],
            ...['--set', 'secrets.s3SecretAccessKey=SK'],
          ]
        : []),
      ...extra,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return loadAll(out).filter(
    (doc): doc is Resource => typeof doc === 'object' && doc !== null && 'kind' in doc,
  );
}

function find(resources: Resource[], kind: string, name: string): Resource {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered chart`);
  return found;
}

/** [env name, Secret key] of a container's env taken from Secrets. */
function secretRefs(c: Container): [string, string][] {
  return (c.env ?? []).flatMap((e) => {
    const key = (e as { valueFrom?: { secretKeyRef?: { key: string } } }).valueFrom?.secretKeyRef?.key;
    return key ? [[e.name, key] as [string, string]] : [];
  });
}

function podSpec(r: Resource): PodSpec | undefined {
  return r.spec?.template?.spec ?? r.spec?.jobTemplate?.spec.template.spec;
}

/**
 * Every service in apps/ (a root module `src/app.module.ts`); apps/web is a static bundle the gateway serves,
 * apps/host a local runner of other apps' modules in one process.
 */
const APPS = readdirSync(path.join(ROOT, 'apps')).filter(
  (d) =>
    statSync(path.join(ROOT, 'apps', d)).isDirectory() &&
    existsSync(path.join(ROOT, 'apps', d, 'src/app.module.ts')),
);

/** GAVEL_TELEGRAM_ALERTER for telegram-alerter. */
const envName = (app: string): string => `GAVEL_${app.toUpperCase().replace(/-/g, '_')}`;
/** The schema of each app in the shared database gavel (telegram-alerter's is telegram). */
const schemaOf = (app: string): string => (app === 'telegram-alerter' ? 'telegram' : app.replace(/-/g, '_'));
/** The apps whose outbox Debezium streams (every app with a database but telegram-alerter). */
const OUTBOX_APPS = [
  'delivery',
  'gateway',
  'lot',
  'notification',
  'orchestrator',
  'payment',
  'wallet',
  'warehouse',
];

beforeAll(() => {
  if (!existsSync(HELM)) {
    throw new Error(
      `helm is not installed at ${HELM}: run "bash scripts/tools.sh" (or scripts/deploy-checks.sh) first`,
    );
  }
});

describe.each(TARGETS)('helm chart rendered with values-%s.yaml', (target) => {
  let resources: Resource[];
  beforeAll(() => {
    resources = render(target);
  });

  it('finds the apps to check', () => {
    expect(APPS.length).toBeGreaterThan(0);
    expect(resources.length).toBeGreaterThan(APPS.length * 4);
  });

  it.each(APPS)('%s has a Deployment with liveness and readiness probes on its HTTP port', (app) => {
    const deployment = find(resources, 'Deployment', `gavel-${app}`);
    const container = deployment.spec!.template!.spec.containers.find((c) => c.name === app);
    expect(container).toBeDefined();
    expect(container!.image).toMatch(new RegExp(`gavel-${app}:`));
    const http = container!.ports?.find((p) => p.name === 'http');
    expect(http?.containerPort).toBeGreaterThan(0);
    expect(container!.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container!.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });

    const env = find(resources, 'ConfigMap', `gavel-${app}-env`).data!;
    expect(container!.envFrom).toContainEqual({ configMapRef: { name: `gavel-${app}-env` } });
    expect(env[`${envName(app)}_PORT`]).toBe(String(http!.containerPort));
    expect(env[`${envName(app)}_DB`]).toBe('gavel');
    expect(env[`${envName(app)}_DB_SCHEMA`]).toBe(schemaOf(app));
    expect(env.GAVEL_HTTP_HOST).toBe('0.0.0.0');
    expect(env.GAVEL_MIGRATIONS_RUN).toBe('false');
    expect(env.GAVEL_KAFKA_BROKERS).toBeTruthy();
    expect(env.GAVEL_PG_HOST).toBeTruthy();
  });

  it.each(APPS)('%s has a Service selecting its pods and a PodDisruptionBudget', (app) => {
    const deployment = find(resources, 'Deployment', `gavel-${app}`);
    const service = find(resources, 'Service', `gavel-${app}`);
    const podLabels = deployment.spec!.template!.metadata.labels;
    for (const [key, value] of Object.entries(service.spec!.selector as Record<string, string>)) {
      expect(podLabels[key]).toBe(value);
    }
    expect(service.spec!.ports).toContainEqual(expect.objectContaining({ name: 'http', targetPort: 'http' }));
    const pdb = find(resources, 'PodDisruptionBudget', `gavel-${app}`);
    expect(pdb.spec!.selector!.matchLabels).toEqual(deployment.spec!.selector!.matchLabels);
    expect(pdb.spec!.minAvailable ?? pdb.spec!.maxUnavailable).toBe(1);
  });

  it.each(HPA_APPS)('%s has an autoscaling/v2 HPA on its Deployment', (app) => {
    const hpa = find(resources, 'HorizontalPodAutoscaler', `gavel-${app}`);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec!.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: `gavel-${app}`,
    });
  });

  it('runs no container as root', () => {
    const withPods = resources.filter((r) => podSpec(r));
    expect(withPods.length).toBeGreaterThan(APPS.length);
    const offenders: string[] = [];
    for (const r of withPods) {
      const pod = podSpec(r)!;
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
        if (
          nonRoot !== true ||
          uid === undefined ||
          uid === 0 ||
          c.securityContext?.allowPrivilegeEscalation !== false
        ) {
          offenders.push(
            `${r.kind}/${r.metadata.name}/${c.name} (runAsNonRoot=${nonRoot}, runAsUser=${uid})`,
          );
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('migrates in each database app’s init container, and in a pre-upgrade hook Job (never pre-install)', () => {
    for (const app of APPS) {
      const init = podSpec(find(resources, 'Deployment', `gavel-${app}`))!.initContainers ?? [];
      expect(init.map((c) => c.name)).toEqual(['wait-for-postgresql', 'migrate']);
      expect(init[1].command).toEqual(['sh', '-c', 'exec $MIGRATE']);
      expect(init[1].envFrom).toEqual([{ configMapRef: { name: `gavel-${app}-env` } }]);
    }
    const jobs = resources.filter((r) => r.kind === 'Job' && r.metadata.name.endsWith('-migrate'));
    expect(jobs.map((j) => j.metadata.name)).toEqual(
      expect.arrayContaining(['gavel-wallet-migrate', 'gavel-orchestrator-migrate']),
    );
    for (const job of jobs) {
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-upgrade');
      expect(podSpec(job)!.containers[0].command).toEqual(['sh', '-c', 'exec $MIGRATE']);
    }
    const env = podSpec(find(resources, 'Job', 'gavel-telegram-alerter-migrate'))!.containers[0].env ?? [];
    expect(env).toContainEqual({ name: 'GAVEL_TELEGRAM_ALERTER_DB', value: 'gavel' });
    expect(env).toContainEqual({ name: 'GAVEL_TELEGRAM_ALERTER_DB_SCHEMA', value: 'telegram' });
  });

  it('keeps the generated Secret when the release is uninstalled (the volumes keep its password)', () => {
    const secret = find(resources, 'Secret', 'gavel-secrets');
    expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
  });

  it('gives each app its own PostgreSQL role and never the superuser password', () => {
    for (const app of APPS) {
      const env = find(resources, 'ConfigMap', `gavel-${app}-env`).data!;
      expect(env[`${envName(app)}_DB_USER`]).toBe(`gavel_${app.replace(/-/g, '_')}`);
      const pod = podSpec(find(resources, 'Deployment', `gavel-${app}`))!;
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const keys = (c.env ?? []).map(
          (e) => (e as { valueFrom?: { secretKeyRef?: { key: string } } }).valueFrom?.secretKeyRef?.key,
        );
        expect(keys).not.toContain('pg-password');
      }
    }
    const roles = find(resources, 'ConfigMap', 'gavel-postgresql-init').data!['20-gavel-roles.sh'];
    expect(roles).toContain('ALTER ROLE gavel_cdc LOGIN REPLICATION');
    expect(roles).toContain('ALTER SCHEMA "wallet" OWNER TO gavel_wallet;');
  });

  it('keeps lot photos in an S3 bucket every lot replica shares (Yandex Object Storage, or the in-chart server)', () => {
    const env = find(resources, 'ConfigMap', 'gavel-lot-env').data!;
    expect(env.GAVEL_PHOTO_STORE).toBe('s3');
    expect(env.GAVEL_S3_BUCKET).toBe('gavel-photos');
    const lot = podSpec(find(resources, 'Deployment', 'gavel-lot'))!.containers.find(
      (c) => c.name === 'lot',
    )!;
    const keys = (lot.env ?? []).map((e) => [
      e.name,
      (e as { valueFrom?: { secretKeyRef?: { key: string } } }).valueFrom?.secretKeyRef?.key,
    ]);
    expect(keys).toContainEqual(['GAVEL_S3_ACCESS_KEY_ID', 's3-access-key-id']);
    expect(keys).toContainEqual(['GAVEL_S3_SECRET_ACCESS_KEY', 's3-secret-access-key']);
    const server = resources.find((r) => r.kind === 'StatefulSet' && r.metadata.name === 'gavel-s3');
    if (target === 'yandex') {
      expect(env.GAVEL_S3_ENDPOINT).toBe('https://storage.yandexcloud.net');
      expect(server).toBeUndefined();
    } else {
      expect(env.GAVEL_S3_ENDPOINT).toBe('http://gavel-s3:8333');
      // the server's one identity is the lot's keys, generated into the Secret
      const serverEnv = podSpec(server!)!.containers[0].env ?? [];
      expect(serverEnv.map((e) => e.name)).toEqual(
        expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
      );
      expect(Object.keys(find(resources, 'Secret', 'gavel-secrets').data!)).toEqual(
        expect.arrayContaining(['s3-access-key-id', 's3-secret-access-key']),
      );
      const np = find(resources, 'NetworkPolicy', 'gavel-np-s3') as Resource & {
        spec: { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
      };
      expect(
        np.spec.ingress.flatMap((r) =>
          r.from.map((p) => p.podSelector.matchLabels['app.kubernetes.io/name']),
        ),
      ).toEqual(['lot']);
    }
  });

  it('refuses the folder photo store with more than one lot replica, and s3 without an object store', () => {
    expect(() => render(target, '--set', 'photos.store=local')).toThrow(
      /photos.store=local keeps photos in one pod/,
    );
    const keys = ['--set', 'secrets.s3AccessKeyId=AK', '--set', 'secrets.s3SecretAccessKey=SK'];
    expect(() =>
      render(target, ...keys, '--set', 'photos.s3.endpoint=', '--set', 'photos.s3.devServer.enabled=false'),
    ).toThrow(/photos.store=s3 needs an object store/);
  });

  it('opens Kafka Connect’s REST API to the connector registration Job alone', () => {
    const np = find(resources, 'NetworkPolicy', 'gavel-np-connect') as Resource & {
      spec: { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
    };
    const sources = np.spec.ingress.flatMap((rule) =>
      rule.from.map((peer) => peer.podSelector.matchLabels['app.kubernetes.io/name']),
    );
    expect(sources.sort()).toEqual(['connect', 'connect-register']);
  });

  it('has helm test pods for every app’s health and a public API round trip', () => {
    const tests = resources.filter((r) => r.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(tests.map((t) => t.metadata.name).sort()).toEqual(['gavel-test-api', 'gavel-test-health']);
  });

  it('serves /metrics on a port no Service exposes', () => {
    for (const app of APPS) {
      const service = find(resources, 'Service', `gavel-${app}`);
      expect(service.spec!.ports!.map((p) => p.name)).toEqual(['http']);
      const pod = podSpec(find(resources, 'Deployment', `gavel-${app}`))!;
      expect(pod.containers[0].ports!.map((p) => p.name)).toEqual(['http', 'metrics']);
    }
  });

  it('creates the database gavel and a schema per app in it on first start', () => {
    const init = find(resources, 'ConfigMap', 'gavel-postgresql-init').data!['10-gavel-databases.sh'];
    expect(init).toMatch(/^for db in gavel; do$/m);
    const entries = /for entry in (.*); do/.exec(init)![1].split(' ');
    expect(entries.sort()).toEqual(APPS.map((a) => `gavel:${schemaOf(a)}`).sort());
  });

  it('registers one outbox connector for the shared database, built from infra/debezium’s template', () => {
    const connectors = find(resources, 'ConfigMap', 'gavel-connect-connectors').data!;
    expect(Object.keys(connectors)).toEqual(['gavel-outbox.json']);
    const gavel = JSON.parse(connectors['gavel-outbox.json']) as Record<string, string>;
    expect(gavel['database.dbname']).toBe('gavel');
    expect(gavel['slot.name']).toBe('gavel_outbox');
    expect(gavel['publication.name']).toBe('gavel_outbox_pub');
    expect(gavel['topic.prefix']).toBe('gavel');
    expect(gavel['table.include.list']).toBe(OUTBOX_APPS.map((a) => `${schemaOf(a)}.outbox`).join(','));
    // Debezium's replication role (postgresql.serviceRoles), its password resolved by Connect from its env
    expect(gavel['database.user']).toBe('gavel_cdc');
    expect(gavel['database.password']).toBe('${env:GAVEL_CDC_PASSWORD}');
    expect(gavel['publication.autocreate.mode']).toBe('disabled');
    expect(gavel['transforms.outbox.type']).toBe('io.debezium.transforms.outbox.EventRouter');
    expect(gavel['transforms.outbox.route.by.field']).toBe('aggregatetype');
    // the local stack's connector streams the same schemas
    const local = JSON.parse(
      readFileSync(path.join(ROOT, 'infra/debezium/connectors/gavel.json'), 'utf8'),
    ) as { database: string; schemas: string[] };
    expect(local.database).toBe('gavel');
    expect([...local.schemas].sort()).toEqual(OUTBOX_APPS.map(schemaOf).sort());
    expect(readFileSync(path.join(CHART, 'files/outbox-connector.template.json'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'infra/debezium/outbox-connector.template.json'), 'utf8'),
    );
  });
});

describe('helm chart options', () => {
  it('points apps and connectors at managed PostgreSQL and Kafka when the in-chart ones are off', () => {
    const resources = render(
      'yandex',
      ...['--set', 'postgresql.enabled=false', '--set', 'externalPostgresql.host=pg.example.internal'],
      ...['--set', 'kafka.enabled=false', '--set', 'externalKafka.brokers=k1.example.internal:9091'],
      ...['--set', 'externalKafka.sasl.username=gavel', '--set', 'secrets.kafkaPassword=kafka-secret'],
    );
    expect(resources.some((r) => r.kind === 'StatefulSet' && /postgresql|kafka/.test(r.metadata.name))).toBe(
      false,
    );
    const env = find(resources, 'ConfigMap', 'gavel-wallet-env').data!;
    expect(env.GAVEL_PG_HOST).toBe('pg.example.internal');
    expect(env.GAVEL_PG_PORT).toBe('6432');
    expect(env.GAVEL_KAFKA_BROKERS).toBe('k1.example.internal:9091');
    // values-yandex.yaml: Managed Kafka's SASL_SSL (SCRAM-SHA-512)
    expect(env.GAVEL_KAFKA_SSL).toBe('true');
    expect(env.GAVEL_KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(env.GAVEL_KAFKA_SASL_USERNAME).toBe('gavel');
    const connect = podSpec(find(resources, 'Deployment', 'gavel-connect'))!.containers[0].env ?? [];
    expect(connect).toContainEqual({ name: 'CONNECT_SECURITY_PROTOCOL', value: 'SASL_SSL' });
    expect(connect).toContainEqual({ name: 'CONNECT_PRODUCER_SASL_MECHANISM', value: 'SCRAM-SHA-512' });
  });

  it("sets the wallet's chain: one confirmation depth and rate for deposits and withdrawals, dev funding only on the in-chart chain", () => {
    const minikube = find(render('minikube'), 'ConfigMap', 'gavel-wallet-env').data!;
    expect(minikube.GAVEL_CHAIN_CONFIRMATIONS).toBe('1');
    expect(minikube.GAVEL_CHAIN_DEV_FUNDING).toBe('on');
    expect(minikube.GAVEL_CHAIN_WEI_PER_MINOR_UNIT).toBeUndefined();
    const yandex = find(
      render('yandex', '--set-string', 'chain.weiPerMinorUnit=20000000000000'),
      'ConfigMap',
      'gavel-wallet-env',
    ).data!;
    expect(yandex.GAVEL_CHAIN_CONFIRMATIONS).toBe('12');
    expect(yandex.GAVEL_CHAIN_WEI_PER_MINOR_UNIT).toBe('20000000000000');
    expect(yandex.GAVEL_CHAIN_DEV_FUNDING).toBeUndefined();
    expect(() => render('minikube', '--set', 'chain.confirmations=0')).toThrow(/confirmations/);
    expect(() => render('minikube', '--set', 'chain.depositConfirmations=12')).toThrow(
      /depositConfirmations/,
    );
  });

  describe('managed PostgreSQL with a user per app and one for Debezium (externalPostgresql.appUsers/cdcUser)', () => {
    const managed = [
      ...['--set', 'postgresql.enabled=false', '--set', 'externalPostgresql.host=c-x.rw.mdb.yandexcloud.net'],
      ...['--set', 'kafka.enabled=false', '--set', 'externalKafka.brokers=rc1a-x.mdb.yandexcloud.net:9091'],
      ...['--set', 'externalKafka.sasl.username=gavel', '--set', 'existingSecret=gavel-managed'],
    ];
    const users = APPS.flatMap((app) => ['--set', `externalPostgresql.appUsers.${app}=app_${schemaOf(app)}`]);
    let resources: Resource[];
    beforeAll(() => {
      resources = render('yandex', ...managed, ...users, '--set', 'externalPostgresql.cdcUser=cdc_user');
    });

    it.each(APPS)('%s and its migrations log in as its own user with its own Secret key', (app) => {
      expect(find(resources, 'ConfigMap', `gavel-${app}-env`).data![`${envName(app)}_DB_USER`]).toBe(
        `app_${schemaOf(app)}`,
      );
      const deployment = podSpec(find(resources, 'Deployment', `gavel-${app}`))!;
      const job = podSpec(find(resources, 'Job', `gavel-${app}-migrate`))!;
      const containers = [...deployment.containers, ...deployment.initContainers!, ...job.containers];
      const migrate = [deployment.initContainers!.find((c) => c.name === 'migrate')!, job.containers[0]];
      for (const c of [deployment.containers[0], ...migrate]) {
        expect(secretRefs(c)).toContainEqual([`${envName(app)}_DB_PASSWORD`, `pg-password-${app}`]);
      }
      expect(job.containers[0].env).toContainEqual({
        name: `${envName(app)}_DB_USER`,
        value: `app_${schemaOf(app)}`,
      });
      // never the shared user's password
      for (const c of containers) expect(secretRefs(c).map(([, key]) => key)).not.toContain('pg-password');
    });

    it('streams the outboxes as the CDC user, its password from its own key; no publication created by Debezium', () => {
      const connect = podSpec(find(resources, 'Deployment', 'gavel-connect'))!.containers[0];
      expect(secretRefs(connect)).toContainEqual(['GAVEL_CDC_PASSWORD', 'pg-cdc-password']);
      expect(secretRefs(connect).map(([, key]) => key)).not.toContain('pg-password');
      const connector = JSON.parse(
        find(resources, 'ConfigMap', 'gavel-connect-connectors').data!['gavel-outbox.json'],
      ) as Record<string, string>;
      expect(connector['database.user']).toBe('cdc_user');
      expect(connector['database.password']).toBe('${env:GAVEL_CDC_PASSWORD}');
      expect(connector['database.hostname']).toBe('c-x.rw.mdb.yandexcloud.net');
      expect(connector['publication.autocreate.mode']).toBe('disabled');
    });

    it('puts the given passwords in the chart’s own Secret, and refuses a user without one', () => {
      const passwords = APPS.flatMap((app) => ['--set', `secrets.pgAppPasswords.${app}=pw-${app}`]);
      const noExisting = managed.slice(0, -2); // without existingSecret: the chart's Secret
      const secret = find(
        render('yandex', ...noExisting, ...users, ...passwords, '--set', 'secrets.kafkaPassword=k'),
        'Secret',
        'gavel-secrets',
      );
      expect(Buffer.from(secret.data!['pg-password-wallet'], 'base64').toString()).toBe('pw-wallet');
      expect(() => render('yandex', ...noExisting, ...users, '--set', 'secrets.kafkaPassword=k')).toThrow(
        /externalPostgresql.appUsers.\S+: give its password with secrets.pgAppPasswords/,
      );
      expect(() =>
        render(
          'yandex',
          ...noExisting,
          ...users,
          ...passwords,
          '--set',
          'secrets.kafkaPassword=k',
          '--set',
          'externalPostgresql.cdcUser=c',
        ),
      ).toThrow(/externalPostgresql.cdcUser: give its password with secrets.pgCdcPassword/);
    });

    it('refuses a list of users that leaves out an app with a database', () => {
      expect(() => render('yandex', ...managed, '--set', 'externalPostgresql.appUsers.gateway=g')).toThrow(
        /externalPostgresql.appUsers has no user for \S+: list every app with a database/,
      );
    });
  });

  it('keeps the shared user for managed PostgreSQL without appUsers/cdcUser', () => {
    const resources = render(
      'yandex',
      ...['--set', 'postgresql.enabled=false', '--set', 'externalPostgresql.host=pg.example.internal'],
      ...['--set', 'kafka.enabled=false', '--set', 'externalKafka.brokers=k1.example.internal:9091'],
      ...['--set', 'externalKafka.sasl.username=gavel', '--set', 'existingSecret=gavel-managed'],
    );
    const wallet = podSpec(find(resources, 'Deployment', 'gavel-wallet'))!.containers[0];
    expect(secretRefs(wallet)).toContainEqual(['GAVEL_PG_PASSWORD', 'pg-password']);
    expect(find(resources, 'ConfigMap', 'gavel-wallet-env').data!.GAVEL_WALLET_DB_USER).toBeUndefined();
    const connect = podSpec(find(resources, 'Deployment', 'gavel-connect'))!.containers[0];
    expect(secretRefs(connect)).toContainEqual(['GAVEL_PG_PASSWORD', 'pg-password']);
  });

  it('gives an app a database of its own by configuration: one connector and slot per database', () => {
    const resources = render(
      'minikube',
      ...['--set', 'apps.wallet.database=wallet_db', '--set', 'apps.wallet.schema=public'],
    );
    const env = find(resources, 'ConfigMap', 'gavel-wallet-env').data!;
    expect(env.GAVEL_WALLET_DB).toBe('wallet_db');
    expect(env.GAVEL_WALLET_DB_SCHEMA).toBe('public');
    const connectors = find(resources, 'ConfigMap', 'gavel-connect-connectors').data!;
    expect(Object.keys(connectors).sort()).toEqual(['gavel-outbox.json', 'gavel-wallet-db-outbox.json']);
    const wallet = JSON.parse(connectors['gavel-wallet-db-outbox.json']) as Record<string, string>;
    expect(wallet['database.dbname']).toBe('wallet_db');
    expect(wallet['slot.name']).toBe('wallet_db_outbox');
    expect(wallet['table.include.list']).toBe('public.outbox');
    const gavel = JSON.parse(connectors['gavel-outbox.json']) as Record<string, string>;
    expect(gavel['table.include.list']).not.toContain('wallet');
    const init = find(resources, 'ConfigMap', 'gavel-postgresql-init').data!['10-gavel-databases.sh'];
    expect(init).toContain('for db in gavel wallet_db; do');
    expect(init).toContain('wallet_db:public');
  });

  it('refuses a schema that is not a lower-case identifier', () => {
    expect(() => render('minikube', '--set', 'apps.wallet.schema=Wallet-X')).toThrow(
      // values.schema.json answers first; the template's own check stays for --skip-schema-validation
      /at '\/apps\/wallet\/schema': .*does not match pattern|apps.wallet.schema must be a lower-case SQL identifier/,
    );
  });

  it('installs only the infrastructure with deployApps=false (first-install bootstrap)', () => {
    const resources = render('minikube', '--set', 'deployApps=false');
    expect(
      resources.filter(
        (r) => r.kind === 'Deployment' && r.metadata.labels?.['app.kubernetes.io/component'] === 'app',
      ),
    ).toEqual([]);
    expect(resources.filter((r) => r.kind === 'Job')).toEqual([]);
    find(resources, 'StatefulSet', 'gavel-postgresql');
    find(resources, 'Secret', 'gavel-secrets');
  });

  it('lets Prometheus reach the API server on networkPolicy.apiServerPorts (minikube’s 8443 by default)', () => {
    const ports = (resources: Resource[]): number[] => {
      const np = find(resources, 'NetworkPolicy', 'gavel-np-prometheus') as Resource & {
        spec: { egress: { to: { ipBlock?: { cidr: string } }[]; ports: { port: number }[] }[] };
      };
      return np.spec.egress
        .filter((rule) => rule.to.some((peer) => peer.ipBlock?.cidr === '0.0.0.0/0'))
        .flatMap((rule) => rule.ports.map((p) => p.port));
    };
    expect(ports(render('minikube'))).toEqual([443, 6443, 8443]);
    expect(ports(render('minikube', '--set', 'networkPolicy.apiServerPorts={16443}'))).toEqual([16443]);
    expect(() => render('minikube', '--set', 'networkPolicy.apiServerPorts={x}')).toThrow(
      /apiServerPorts\/0': got string, want integer/,
    );
  });

  it('tells the gateway behind the ingress how many proxies to trust (GAVEL_TRUST_PROXY), never "true"', () => {
    const gatewayEnv = (...extra: string[]) =>
      find(render('minikube', ...extra), 'ConfigMap', 'gavel-gateway-env').data!;
    expect(gatewayEnv().GAVEL_TRUST_PROXY).toBe('1');
    expect(gatewayEnv('--set-string', 'ingress.trustProxy=10.112.0.0/16').GAVEL_TRUST_PROXY).toBe(
      '10.112.0.0/16',
    );
    expect(gatewayEnv('--set', 'ingress.enabled=false').GAVEL_TRUST_PROXY).toBeUndefined();
    expect(find(render('minikube'), 'ConfigMap', 'gavel-wallet-env').data!.GAVEL_TRUST_PROXY).toBeUndefined();
    expect(() => render('minikube', '--set-string', 'ingress.trustProxy=true')).toThrow(
      /ingress\/trustProxy/,
    );
  });

  it('routes lots by lot id: the gateway resolves a headless Service of the ready lot pods (lotRouting)', () => {
    const resources = render('minikube');
    const headless = find(resources, 'Service', 'gavel-lot-pods');
    const spec = headless.spec as NonNullable<Resource['spec']> & {
      clusterIP?: string;
      publishNotReadyAddresses?: boolean;
    };
    expect(spec.clusterIP).toBe('None');
    expect(spec.publishNotReadyAddresses).toBe(false);
    const lotPods = find(resources, 'Deployment', 'gavel-lot').spec!.template!.metadata.labels;
    for (const [key, value] of Object.entries(spec.selector as Record<string, string>)) {
      expect(lotPods[key]).toBe(value);
    }
    expect(spec.ports).toEqual([expect.objectContaining({ name: 'http', port: 18085, targetPort: 'http' })]);
    // the lot Service everything else calls stays a plain ClusterIP Service
    expect((find(resources, 'Service', 'gavel-lot').spec as { type?: string }).type).toBe('ClusterIP');
    const gatewayEnv = find(resources, 'ConfigMap', 'gavel-gateway-env').data!;
    expect(gatewayEnv.GAVEL_LOT_DISCOVERY).toBe('dns:gavel-lot-pods:18085');
    expect(gatewayEnv.GAVEL_LOT_DISCOVERY_MS).toBe('5000');
    expect(find(resources, 'ConfigMap', 'gavel-lot-env').data!.GAVEL_LOT_DISCOVERY).toBeUndefined();

    const off = render('minikube', '--set', 'lotRouting.enabled=false');
    expect(off.some((r) => r.kind === 'Service' && r.metadata.name === 'gavel-lot-pods')).toBe(false);
    expect(find(off, 'ConfigMap', 'gavel-gateway-env').data!.GAVEL_LOT_DISCOVERY).toBeUndefined();
    expect(() => render('minikube', '--set', 'lotRouting.refreshMs=0')).toThrow(/refreshMs/);
  });

  it('restarts Prometheus when a memory limit changes through appDefaults (its alert thresholds follow the limits)', () => {
    const checksum = (...extra: string[]) =>
      find(render('minikube', ...extra), 'StatefulSet', 'gavel-prometheus').spec!.template!.metadata
        .annotations?.['checksum/config'];
    expect(checksum('--set', 'appDefaults.resources.limits.memory=1Gi')).not.toBe(checksum());
  });

  it('builds one non-root image per app from the Dockerfile', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS runtime$/m);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toContain('MIGRATE="node dist/apps/${APP}/src/database/migrate.js"');
    expect(dockerfile).toContain('exec node dist/apps/${GAVEL_APP}/src/main.js');
  });
});
