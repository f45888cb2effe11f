/**
 * The chart's `helm test` API pod (gavel-test-api) runs a script against the gateway: register, log in,
 * read /me. Rendered here with the real `helm template` and run with node against a gateway on the real
 * PostgreSQL, so a change of the public API that the script does not follow (a new required field of a
 * DTO) fails this suite instead of `helm test` after an install (install.sh's last step).
 */
import { INestApplication } from '@nestjs/common';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { closePools, freePortUrl } from './support';
import { FakeService, startGateway } from './gateway-harness';

// js-yaml ships with the toolchain (as test/deploy/chart.spec.ts reads it) but without type declarations.
const { loadAll } = createRequire(__filename)('js-yaml') as { loadAll(input: string): unknown[] };
const ROOT = path.resolve(__dirname, '../..');
const HELM = path.join(process.env.GAVEL_TOOLS_DIR ?? path.join(ROOT, '.gavel/tools'), 'bin/helm');

interface Pod {
  kind: string;
  metadata: { name: string };
  spec: { containers: { command: string[]; env?: { name: string; value?: string }[] }[] };
}

function renderedTestScript(): string {
  const out = execFileSync(
    HELM,
    [
      'template',
      'gavel',
      path.join(ROOT, 'helm/gavel'),
      '--namespace',
      'gavel',
      '--kube-version',
      process.env.GAVEL_K8S_VERSION ?? '1.33.0',
      '-f',
      path.join(ROOT, 'helm/gavel/values-minikube.yaml'),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const pod = (loadAll(out) as Pod[]).find((d) => d?.kind === 'Pod' && d.metadata.name === 'gavel-test-api');
  if (!pod) throw new Error('the chart renders no gavel-test-api pod');
  const [node, flag, script] = pod.spec.containers[0].command;
  expect([node, flag]).toEqual(['node', '-e']);
  return script;
}

describe('helm test: the chart’s API round trip against a real gateway', () => {
  let app: INestApplication;
  const orchestrator = new FakeService(() => ({ status: 200, body: { items: [], total: 0 } }));

  beforeAll(async () => {
    if (!existsSync(HELM))
      throw new Error(`helm is not installed at ${HELM}: run "bash scripts/tools.sh" first`);
    app = await startGateway({
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_WAREHOUSE_URL: await freePortUrl(),
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await orchestrator.stop();
    await closePools();
  });

  it('registers, logs in and reads /me with the script the chart ships', async () => {
    const script = renderedTestScript();
    const { port } = app.getHttpServer().address() as AddressInfo;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { ...process.env, GATEWAY_URL: `http://127.0.0.1:${port}` },
      timeout: 30_000,
    });
    expect(stdout).toContain('POST /auth/register: 201');
    expect(stdout).toContain('round trip ok');
  });
});
