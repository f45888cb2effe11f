import {
  addressTable,
  appServiceAddresses,
  expandReferences,
  Manifest,
  RenderedRelease,
  resolveEnvProvider,
  rewriteAddresses,
} from './rendered-env';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const objects: Manifest[] = [
  { kind: 'ConfigMap', metadata: { name: 'gavel-lot-env' }, data: { GAVEL_PG_HOST: 'gavel-postgresql' } },
  {
    kind: 'Secret',
    metadata: { name: 'gavel-secrets' },
    data: { 'pg-password-lot': b64('random'), 's3-key': b64('rendered') },
  },
  {
    kind: 'Deployment',
    metadata: { name: 'gavel-lot' },
    spec: {
      template: {
        metadata: { labels: { app: 'lot' } },
        spec: {
          initContainers: [{ name: 'migrate', envFrom: [{ configMapRef: { name: 'gavel-lot-env' } }] }],
          containers: [
            {
              name: 'lot',
              ports: [{ name: 'http', containerPort: 18085 }],
              envFrom: [
                { configMapRef: { name: 'gavel-lot-env' } },
                { prefix: 'X_', secretRef: { name: 'gavel-optional', optional: true } },
              ],
              env: [
                { name: 'GAVEL_PG_HOST', value: 'override' },
                {
                  name: 'PW',
                  valueFrom: { secretKeyRef: { name: 'gavel-secrets', key: 'pg-password-lot' } },
                },
                { name: 'KEY', valueFrom: { secretKeyRef: { name: 'gavel-secrets', key: 's3-key' } } },
                { name: 'REF', value: 'pw=$(PW) $(NOPE) $$(PW)' },
                {
                  name: 'TOKEN',
                  valueFrom: { secretKeyRef: { name: 'gavel-secrets', key: 'bot', optional: true } },
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: 'Service',
    metadata: { name: 'gavel-lot' },
    spec: { selector: { app: 'lot' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  },
];

describe('RenderedRelease.env', () => {
  const release = new RenderedRelease(objects, { 'gavel-secrets': { 's3-key': 'local' } });

  it('resolves envFrom, then env over it, with Secret values decoded and overridden', () => {
    expect(release.env(release.container('Deployment', 'gavel-lot', 'lot'))).toEqual({
      GAVEL_PG_HOST: 'override',
      PW: 'random',
      KEY: 'local',
      REF: 'pw=random $(NOPE) $(PW)',
    });
    expect(release.env(release.container('Deployment', 'gavel-lot', 'migrate'))).toEqual({
      GAVEL_PG_HOST: 'gavel-postgresql',
    });
  });

  it.each([
    [
      { configMapRef: { name: 'gavel-lot-envv' } },
      undefined,
      'envFrom ConfigMap gavel-lot-envv is not rendered',
    ],
    [
      undefined,
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'gavel-secrets', key: 'pg-password-lott' } } },
      'env PW: Secret gavel-secrets has no key pg-password-lott',
    ],
    [
      undefined,
      { name: 'X', valueFrom: { configMapKeyRef: { name: 'nowhere', key: 'k' } } },
      'env X: ConfigMap nowhere is not rendered',
    ],
  ])('fails on a reference to a missing object or key (%#)', (envFrom, env, message) => {
    const c = { name: 'lot', envFrom: envFrom ? [envFrom] : [], env: env ? [env] : [] };
    expect(() => release.env(c)).toThrow(message);
  });
});

describe('expandReferences', () => {
  it('expands defined $(NAME), keeps unknown ones and unescapes $$', () => {
    expect(expandReferences('$(A)-$(B)-$$(A)', { A: 'a' })).toBe('a-$(B)-$(A)');
  });
});

describe('rewriteAddresses', () => {
  const table = new Map([
    ...addressTable({ 'gavel-kafka': { 9092: 19092 }, 'gavel-postgresql': { 5432: 55432 } }),
    ...appServiceAddresses(new RenderedRelease(objects), ['gavel-lot']),
  ]);
  const cluster = ['gavel-kafka', 'gavel-postgresql', 'gavel-lot', 'gavel-s3'];

  it('maps URLs, broker lists and host/port pairs to the local stand-ins', () => {
    expect(
      rewriteAddresses(
        {
          GAVEL_KAFKA_BROKERS: 'gavel-kafka:9092,gavel-kafka.gavel.svc.cluster.local:9092',
          GAVEL_LOT_URL: 'http://gavel-lot:80/x',
          GAVEL_PG_HOST: 'gavel-postgresql',
          GAVEL_PG_PORT: '5432',
          GAVEL_S3_BUCKET: 'gavel-s3-bucket',
          GAVEL_PG_USER: 'gavel_lot',
          GAVEL_S3_ACCESS_KEY_ID: 'gavel-lot',
        },
        table,
        cluster,
        [['GAVEL_PG_HOST', 'GAVEL_PG_PORT']],
      ),
    ).toEqual({
      GAVEL_KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:19092',
      GAVEL_LOT_URL: 'http://127.0.0.1:18085/x',
      GAVEL_PG_HOST: '127.0.0.1',
      GAVEL_PG_PORT: '55432',
      GAVEL_S3_BUCKET: 'gavel-s3-bucket',
      GAVEL_PG_USER: 'gavel_lot',
      GAVEL_S3_ACCESS_KEY_ID: 'gavel-lot',
    });
  });

  it('fails on an address with no stand-in: an unknown port or an unmapped Service', () => {
    expect(() => rewriteAddresses({ B: 'gavel-kafka:9093' }, table, cluster)).toThrow(
      'B=gavel-kafka:9093 (gavel-kafka)',
    );
    expect(() => rewriteAddresses({ S3: 'http://gavel-s3:8333' }, table, cluster)).toThrow('(gavel-s3)');
    expect(() =>
      rewriteAddresses({ H: 'gavel-postgresql', P: '5433' }, table, cluster, [['H', 'P']]),
    ).toThrow('H=gavel-postgresql');
  });
});

describe('resolveEnvProvider', () => {
  it('resolves ${env:NAME} from the worker environment and fails on a name it lacks', () => {
    expect(resolveEnvProvider({ p: '${env:PW}', r: '${routedByValue}' }, { PW: 's' })).toEqual({
      p: 's',
      r: '${routedByValue}',
    });
    expect(() => resolveEnvProvider({ p: '${env:PW}' }, {})).toThrow('${env:PW}');
  });
});
