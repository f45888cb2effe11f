import { existsSync } from 'node:fs';
import { HELM, LocalRelease, renderMinikube, renderedApps } from './contract-release';
import { resolveEnvProvider } from './rendered-env';

/**
 * The offline half of test/deploy/contract-smoke.int-spec.ts: the minikube render gives every app, its
 * migration and the connector registration an environment that resolves (every Secret/ConfigMap
 * reference exists) and whose every in-cluster address has a local stand-in.
 */
describe('the minikube release as the contract smoke test runs it', () => {
  let local: LocalRelease;
  beforeAll(() => {
    if (!existsSync(HELM)) throw new Error(`helm is not installed at ${HELM}: run "bash scripts/tools.sh"`);
    local = new LocalRelease(renderMinikube('gavel_contract_smoke'));
  });

  it('resolves each app container and its migrate init container to local addresses', () => {
    const apps = renderedApps(local.release);
    expect(apps).toEqual(expect.arrayContaining(['gateway', 'lot', 'wallet', 'telegram-alerter']));
    for (const app of apps) {
      const env = local.env(local.appContainer(app));
      const prefix = `GAVEL_${app.toUpperCase().replace(/-/g, '_')}`;
      expect([app, env[`${prefix}_PORT`]]).toEqual([app, String(local.httpPort(app))]);
      expect([app, env.GAVEL_PG_HOST, env.GAVEL_PG_PORT]).toEqual([app, '127.0.0.1', '55432']);
      expect([app, env[`${prefix}_DB`]]).toEqual([app, 'gavel_contract_smoke']);
      expect(local.env(local.appContainer(app, 'migrate'))[`${prefix}_DB_PASSWORD`]).toBe(
        env[`${prefix}_DB_PASSWORD`],
      );
    }
    const gateway = local.env(local.appContainer('gateway'));
    expect(gateway.GAVEL_LOT_URL).toBe(`http://127.0.0.1:${local.httpPort('lot')}`);
    expect(local.env(local.appContainer('lot')).GAVEL_S3_ENDPOINT).toBe('http://127.0.0.1:18333');
  });

  it('resolves the connector config against the Connect worker env and the registration Job', () => {
    const job = local.env(local.release.container('Job', 'gavel-connect-register-connectors', 'register'));
    expect(job.CONNECT_URL).toBe('http://127.0.0.1:18083');
    const worker = local.release.env(local.release.container('Deployment', 'gavel-connect', 'connect'));
    const files = local.release.configMapData('gavel-connect-connectors')!;
    expect(Object.keys(files)).toEqual(['gavel-gavel-contract-smoke-outbox.json']);
    const config = local.rewrite(resolveEnvProvider(JSON.parse(Object.values(files)[0]), worker));
    expect(config).toMatchObject({
      'database.hostname': '127.0.0.1',
      'database.port': '55432',
      'database.dbname': 'gavel_contract_smoke',
      'slot.name': 'gavel_contract_smoke_outbox',
    });
    expect(config['database.password']).toMatch(/^[A-Za-z0-9]{16,}$/);
  });
});
