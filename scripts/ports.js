#!/usr/bin/env node
// The services' default HTTP ports come from one file, infra/ports.json; everything else reads it or is
// generated from it or checked against it:
//   node scripts/ports.js list    "<service>:<port>" per line, in start order (scripts/services.sh reads this)
//   node scripts/ports.js write   regenerates libs/common/src/default-ports.ts (DefaultPorts) and
//                                 infra/prometheus/targets/services.json (only files whose text changes)
//   node scripts/ports.js check   exit 1 listing every drift: a generated file out of date, a Helm values
//                                 file (apps.<service>.port) that disagrees, or apps/ with another set of
//                                 services (scripts/deploy-checks.sh and test/deploy/ports.spec.ts run it)
// `list` and `write` need nothing but node; `check` also reads YAML (js-yaml, from node_modules).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = 'infra/ports.json';
const DEFAULT_PORTS_TS = 'libs/common/src/default-ports.ts';
const PROMETHEUS_TARGETS = 'infra/prometheus/targets/services.json';
const HELM_VALUES = 'helm/gavel/values.yaml';

/** [[service, port], ...] in the file's order (start order), validated. */
function load(root = ROOT) {
  let services;
  try {
    ({ services } = JSON.parse(fs.readFileSync(path.join(root, SOURCE), 'utf8')));
  } catch (error) {
    throw new Error(`${SOURCE}: ${error.message}`);
  }
  if (typeof services !== 'object' || services === null || Object.keys(services).length === 0) {
    throw new Error(`${SOURCE}: "services" must map each service to its port`);
  }
  const table = Object.entries(services);
  const seen = new Map();
  for (const [name, port] of table) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`${SOURCE}: bad service name "${name}"`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${SOURCE}: ${name} has port ${JSON.stringify(port)}, not an integer in 1..65535`);
    }
    if (seen.has(port)) throw new Error(`${SOURCE}: ${name} and ${seen.get(port)} both use port ${port}`);
    seen.set(port, name);
  }
  return table;
}

const byPort = (table) => [...table].sort((a, b) => a[1] - b[1]);

/** The file_sd target file of the local Prometheus (job gavel-services): one target per service. */
function prometheusTargets(table) {
  const targets = byPort(table).map(([name, port]) => ({
    targets: [`127.0.0.1:${port}`],
    labels: { service: name },
  }));
  return `${JSON.stringify(targets, null, 2)}\n`;
}

/** libs/common/src/default-ports.ts, formatted as Prettier would (single quotes, trailing commas). */
function defaultPortsTs(table) {
  const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
  return [
    `// Generated from ${SOURCE} by \`node scripts/ports.js write\`: edit that file, not this one.`,
    '',
    '/** Default HTTP ports of the services on a developer machine (each overridable: GAVEL_<SERVICE>_PORT). */',
    'export const DefaultPorts = {',
    ...byPort(table).map(([name, port]) => `  ${key(name)}: ${port},`),
    '} as const;',
    '',
  ].join('\n');
}

/** The generated files: path relative to the root -> the text it must have. */
function generated(table) {
  return { [DEFAULT_PORTS_TS]: defaultPortsTs(table), [PROMETHEUS_TARGETS]: prometheusTargets(table) };
}

function readIfExists(file) {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** Every disagreement with infra/ports.json, as sentences (empty when all agree). */
function drift(root = ROOT, table = load(root)) {
  const problems = [];
  for (const [rel, text] of Object.entries(generated(table))) {
    if (readIfExists(path.join(root, rel)) !== text) {
      problems.push(`${rel} is not what ${SOURCE} generates (run: node scripts/ports.js write)`);
    }
  }

  const ports = new Map(table);
  const names = [...ports.keys()];
  const apps = fs
    .readdirSync(path.join(root, 'apps'))
    // a service has a root module (apps/host runs other apps' modules; apps/web is the browser bundle)
    .filter((d) => fs.existsSync(path.join(root, 'apps', d, 'src/app.module.ts')))
    .sort();
  const sameSet = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  if (!sameSet(apps, names)) {
    problems.push(`${SOURCE} lists ${[...names].sort().join(', ')} but apps/ has ${apps.join(', ')}`);
  }

  const yaml = require('js-yaml');
  const valuesFiles = fs
    .readdirSync(path.join(root, path.dirname(HELM_VALUES)))
    .filter((f) => /^values(-[\w-]+)?\.yaml$/.test(f))
    .map((f) => path.join(path.dirname(HELM_VALUES), f));
  for (const rel of valuesFiles) {
    const helmApps = (yaml.load(fs.readFileSync(path.join(root, rel), 'utf8')) ?? {}).apps ?? {};
    if (rel === HELM_VALUES && !sameSet(Object.keys(helmApps), names)) {
      const listed = Object.keys(helmApps).sort().join(', ');
      problems.push(`${rel} has apps ${listed}; ${SOURCE} has ${[...names].sort().join(', ')}`);
    }
    for (const [name, cfg] of Object.entries(helmApps)) {
      const port = cfg && cfg.port;
      if (!ports.has(name)) {
        if (rel !== HELM_VALUES) problems.push(`${rel}: apps.${name} is not a service of ${SOURCE}`);
      } else if (port === undefined ? rel === HELM_VALUES : port !== ports.get(name)) {
        problems.push(`${rel}: apps.${name}.port is ${port}, ${SOURCE} says ${ports.get(name)}`);
      }
    }
  }
  return problems;
}

/** Writes a file only when its text changes, by rename (a watcher such as Prometheus never sees half a file). */
function writeIfChanged(file, text) {
  if (readIfExists(file) === text) return false;
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  return true;
}

function main(command) {
  const table = load();
  switch (command) {
    case 'list':
      process.stdout.write(table.map(([name, port]) => `${name}:${port}\n`).join(''));
      return 0;
    case 'write':
      for (const [rel, text] of Object.entries(generated(table))) {
        console.log(`${writeIfChanged(path.join(ROOT, rel), text) ? 'wrote' : 'up to date'}  ${rel}`);
      }
      return 0;
    case 'check': {
      const problems = drift(ROOT, table);
      for (const p of problems) console.error(`ports: ${p}`);
      if (problems.length === 0) console.log(`ports: ${table.length} services agree with ${SOURCE}`);
      return problems.length === 0 ? 0 : 1;
    }
    default:
      console.error('usage: node scripts/ports.js list|write|check');
      return 2;
  }
}

module.exports = { SOURCE, DEFAULT_PORTS_TS, PROMETHEUS_TARGETS, load, prometheusTargets, defaultPortsTs, drift };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv[2]);
  } catch (error) {
    console.error(`ports: ${error.message}`);
    process.exitCode = 1;
  }
}
