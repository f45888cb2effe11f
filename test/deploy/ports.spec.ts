/**
 * One table of the services' default ports, infra/ports.json: DefaultPorts (libs/common) and the local
 * Prometheus targets are generated from it, the Helm values agree with it and scripts/services.sh reads
 * it, so none of them can drift. No servers: services.sh only runs `status`, in a GAVEL_HOME of its own.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DefaultPorts } from '@app/common';

const ROOT = path.resolve(__dirname, '../..');

interface PortsScript {
  SOURCE: string;
  DEFAULT_PORTS_TS: string;
  PROMETHEUS_TARGETS: string;
  load(root?: string): [string, number][];
  drift(root?: string): string[];
}
const ports = createRequire(__filename)(path.join(ROOT, 'scripts/ports.js')) as PortsScript;
const table = ports.load();
const portOf = (name: string): number => new Map(table).get(name)!;

/** This process's environment without the GAVEL_<SERVICE>_PORT a developer's shell may have set. */
function withoutPortOverrides(): NodeJS.ProcessEnv {
  const names = new Set(table.map(([name]) => `GAVEL_${name.toUpperCase().replace(/-/g, '_')}_PORT`));
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !names.has(key)));
}

/** A copy of just the files `drift` reads, to break on purpose. */
function copyForDrift(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-ports-'));
  for (const rel of [ports.SOURCE, ports.DEFAULT_PORTS_TS, ports.PROMETHEUS_TARGETS, 'helm/gavel']) {
    cpSync(path.join(ROOT, rel), path.join(dir, rel), { recursive: true });
  }
  for (const [name] of table) {
    mkdirSync(path.join(dir, 'apps', name, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'apps', name, 'src/app.module.ts'), '');
  }
  return dir;
}

describe('infra/ports.json, the one table of service ports', () => {
  it('gives each service a port of its own', () => {
    expect(table.length).toBeGreaterThan(0);
    expect(new Set(table.map(([, port]) => port)).size).toBe(table.length);
  });

  it('is what DefaultPorts (libs/common) holds', () => {
    expect(DefaultPorts).toEqual(Object.fromEntries(table));
  });

  it('agrees with the generated files, the Helm values and apps/ (node scripts/ports.js check)', () => {
    expect(ports.drift()).toEqual([]);
  });

  it('gives the local Prometheus one target per service at its port', () => {
    const targets = JSON.parse(readFileSync(path.join(ROOT, ports.PROMETHEUS_TARGETS), 'utf8')) as {
      targets: string[];
      labels: { service: string };
    }[];
    expect(targets.map((t) => [t.labels.service, t.targets]).sort()).toEqual(
      table.map(([name, port]) => [name, [`127.0.0.1:${port}`]]).sort(),
    );
  });

  it('is read by scripts/services.sh, in its order, with GAVEL_<SERVICE>_PORT still overriding a port', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gavel-ports-home-'));
    try {
      const out = execFileSync('bash', [path.join(ROOT, 'scripts/services.sh'), 'status'], {
        encoding: 'utf8',
        env: { ...withoutPortOverrides(), GAVEL_HOME: home, GAVEL_TELEGRAM_ALERTER_PORT: '1234' },
      });
      const rows = out
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/))
        .map((cols) => [cols[0], cols[5]]);
      expect(rows).toEqual(
        table.map(([name, port]) => [name, `http://127.0.0.1:${name === 'telegram-alerter' ? 1234 : port}`]),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  describe('drift is caught', () => {
    let dir: string;
    beforeEach(() => {
      dir = copyForDrift();
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const edit = (rel: string, from: string | RegExp, to: string) => {
      const file = path.join(dir, rel);
      const text = readFileSync(file, 'utf8');
      const changed = text.replace(from, to);
      expect(changed).not.toBe(text);
      writeFileSync(file, changed);
    };

    it('finds nothing in an untouched copy', () => {
      expect(ports.drift(dir)).toEqual([]);
    });

    it('in the Helm values', () => {
      edit('helm/gavel/values.yaml', `port: ${portOf('wallet')}`, 'port: 19999');
      expect(ports.drift(dir)).toEqual([
        `helm/gavel/values.yaml: apps.wallet.port is 19999, infra/ports.json says ${portOf('wallet')}`,
      ]);
    });

    it('in a target overlay of the Helm values', () => {
      edit('helm/gavel/values-minikube.yaml', /^ {2}lot:$/m, '  lot:\n    port: 3000');
      expect(ports.drift(dir)).toEqual([
        `helm/gavel/values-minikube.yaml: apps.lot.port is 3000, infra/ports.json says ${portOf('lot')}`,
      ]);
    });

    it('in a generated file', () => {
      edit(ports.PROMETHEUS_TARGETS, `127.0.0.1:${portOf('payment')}`, '127.0.0.1:1');
      edit(ports.DEFAULT_PORTS_TS, `payment: ${portOf('payment')}`, 'payment: 1');
      expect(ports.drift(dir)).toEqual([
        `${ports.DEFAULT_PORTS_TS} is not what infra/ports.json generates (run: node scripts/ports.js write)`,
        `${ports.PROMETHEUS_TARGETS} is not what infra/ports.json generates (run: node scripts/ports.js write)`,
      ]);
    });

    it('when a service is added to apps/ but not to the table', () => {
      mkdirSync(path.join(dir, 'apps/auditor/src'), { recursive: true });
      writeFileSync(path.join(dir, 'apps/auditor/src/app.module.ts'), '');
      expect(ports.drift(dir)).toEqual([
        expect.stringMatching(/^infra\/ports.json lists .* but apps\/ has .*auditor/),
      ]);
    });
  });
});
