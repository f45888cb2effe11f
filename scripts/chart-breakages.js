#!/usr/bin/env node
// Proves that the offline chart checks catch real mistakes: copies helm/gavel to a temporary folder
// once per breakage, applies one deliberate breakage (the nine of issue 19, plus the
// pre-install migration hook and a misspelt values key) (a text replacement that must match), and runs
// the same pipeline as scripts/deploy-checks.sh for the minikube values: `helm template`,
// `kubeconform -strict` (local schemas) and scripts/chart-xref.js. Each breakage must fail it; the
// unbroken copy must pass. Exit 1 when a breakage slips through (or the control fails).
//   node scripts/chart-breakages.js            GAVEL_TOOLS_DIR as for deploy-checks (.gavel/tools)
//   node scripts/chart-breakages.js --count    print how many breakages there are (deploy-checks' step title)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = process.env.GAVEL_TOOLS_DIR ?? path.join(ROOT, '.gavel/tools');
const KUBE = process.env.GAVEL_K8S_VERSION ?? '1.33.0';
const HELM = path.join(TOOLS, 'bin/helm');
const KUBECONFORM = path.join(TOOLS, 'bin/kubeconform');
const SCHEMAS = `${TOOLS}/k8s-schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;

/** file (in the chart), the text to find, what replaces it (every occurrence, or the first with once) */
const BREAKAGES = [
  {
    name: 'Service targetPort name typo',
    file: 'templates/app-service.yaml',
    from: 'targetPort: http',
    to: 'targetPort: htttp',
  },
  {
    name: 'secretKeyRef key typo',
    file: 'templates/_helpers.tpl',
    from: 'key: pg-password-{{ .name }}',
    to: 'key: pg-pasword-{{ .name }}',
    once: true,
  },
  {
    name: 'envFrom ConfigMap name typo',
    file: 'templates/app-deployment.yaml',
    from: 'name: {{ $full }}-env\n',
    to: 'name: {{ $full }}-envs\n',
  },
  {
    name: 'probe port typo',
    file: 'templates/app-deployment.yaml',
    from: 'httpGet: {path: {{ $app.probes.readiness.path }}, port: http}',
    to: 'httpGet: {path: {{ $app.probes.readiness.path }}, port: htp}',
  },
  {
    // in the template: values.schema.json would already refuse the value (migrations.hook is an enum)
    name: 'migrations moved to post-install',
    file: 'templates/app-migrations.yaml',
    from: 'helm.sh/hook: {{ $.Values.migrations.hook }}',
    to: 'helm.sh/hook: post-install,post-upgrade',
  },
  {
    // the defect this chart had: Helm runs pre-install hooks before it creates the Secret and PostgreSQL
    name: 'migrations back as pre-install hooks',
    file: 'templates/app-migrations.yaml',
    from: 'helm.sh/hook: {{ $.Values.migrations.hook }}',
    to: 'helm.sh/hook: pre-install,pre-upgrade',
  },
  {
    name: 'a selector that does not match its pod labels',
    file: 'templates/app-deployment.yaml',
    from: 'matchLabels:\n      {{- include "gavel.selectorLabels" (dict "root" $ "name" $name) | nindent 6 }}',
    to: 'matchLabels:\n      {{- include "gavel.selectorLabels" (dict "root" $ "name" (printf "%s-x" $name)) | nindent 6 }}',
  },
  {
    name: 'wrong Kafka advertised listener',
    file: 'templates/kafka.yaml',
    from: 'value: PLAINTEXT://{{ $full }}:9092',
    to: 'value: PLAINTEXT://localhost:9092',
  },
  {
    name: 'an unknown field',
    file: 'templates/app-pdb.yaml',
    from: 'spec:\n',
    to: 'spec:\n  minAvailabel: 1\n',
    once: true,
  },
  {
    // values.schema.json rejects unknown keys (a misspelt setting would otherwise be ignored silently)
    name: 'a misspelt values key',
    file: 'values-minikube.yaml',
    from: 'partitions: 3',
    to: 'partition: 3',
  },
  {
    name: 'broken YAML',
    file: 'templates/app-service.yaml',
    from: '  ports:\n',
    to: '  ports:\n   - name: [broken\n',
    once: true,
  },
];

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

/** The deploy-checks pipeline for one chart folder; returns the first failing step and its output. */
function checks(chart, tmp) {
  const t = run(HELM, [
    'template',
    'gavel',
    chart,
    '--namespace',
    'gavel',
    '--kube-version',
    KUBE,
    '-f',
    path.join(chart, 'values-minikube.yaml'),
  ]);
  if (!t.ok) return { step: 'helm template', out: t.out };
  const rendered = path.join(tmp, 'rendered.yaml');
  fs.writeFileSync(rendered, t.stdout);
  const k = run(KUBECONFORM, [
    '-strict',
    '-summary',
    '-kubernetes-version',
    KUBE,
    '-schema-location',
    SCHEMAS,
    rendered,
  ]);
  if (!k.ok) return { step: 'kubeconform', out: k.out };
  const x = run(process.execPath, [path.join(__dirname, 'chart-xref.js'), rendered]);
  if (!x.ok) return { step: 'chart-xref', out: x.out };
  return undefined;
}

function main() {
  if (process.argv.includes('--count')) {
    console.log(BREAKAGES.length);
    return;
  }
  for (const tool of [HELM, KUBECONFORM])
    if (!fs.existsSync(tool)) {
      console.error(`chart-breakages: ${tool} is missing (bash scripts/tools.sh)`);
      process.exit(1);
    }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gavel-breakages-'));
  let slipped = 0;
  try {
    const cases = [{ name: 'control (unbroken copy)' }, ...BREAKAGES];
    for (const [i, b] of cases.entries()) {
      const dir = path.join(base, String(i));
      const chart = path.join(dir, 'gavel');
      fs.cpSync(path.join(ROOT, 'helm/gavel'), chart, { recursive: true });
      if (b.file) {
        const file = path.join(chart, b.file);
        const text = fs.readFileSync(file, 'utf8');
        if (!text.includes(b.from)) {
          console.error(
            `  FAIL ${b.name}: "${b.from}" is not in ${b.file} any more (update scripts/chart-breakages.js)`,
          );
          slipped++;
          continue;
        }
        fs.writeFileSync(file, b.once ? text.replace(b.from, b.to) : text.split(b.from).join(b.to));
      }
      const failed = checks(chart, dir);
      const caught = Boolean(failed);
      if (!b.file) {
        if (caught) {
          console.error(`  FAIL control: the unbroken chart fails ${failed.step}:\n${failed.out}`);
          slipped++;
        } else console.log('  ok   control: the unbroken copy passes');
      } else if (!caught) {
        console.error(`  FAIL ${b.name}: passed every check`);
        slipped++;
      } else {
        const first =
          failed.out.split('\n').find((l) => /xref:|Error|error|invalid|not valid/i.test(l)) ?? '';
        console.log(`  ok   ${b.name}: caught by ${failed.step} (${first.trim().slice(0, 150)})`);
      }
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log(`  ${BREAKAGES.length} breakages, ${slipped} not caught`);
  if (slipped) process.exit(1);
}

if (require.main === module) main();

module.exports = { BREAKAGES };
