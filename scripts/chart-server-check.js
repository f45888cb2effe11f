#!/usr/bin/env node
// Server-side check of the chart against a real kube-apiserver (scripts/k8s-api.sh up; KUBECONFIG is
// the kubeconfig it writes). For each scenario, into a namespace of its own (PodSecurity `restricted`
// in warn mode): a real `helm install` (hooks included, no --wait), then `helm upgrade` (the same
// values, or the full values after the infrastructure-only bootstrap). The server stores, defaults,
// validates and admits every object, so a wrong type, an unknown field (Helm validates against the
// server's OpenAPI), an invalid name or selector, or an immutable field changed by the upgrade fails.
// No controller or kubelet runs, so nothing completes a hook Job on its own: this script plays the Job
// controller for the scenario's namespace. When Helm creates a hook Job, the script looks at what
// exists on the server at that moment: if every Secret / ConfigMap (and key), ServiceAccount and
// PersistentVolumeClaim its pods need is there, it marks the Job complete, otherwise failed (its pods
// would hang in CreateContainerConfigError) and Helm fails. That proves the install order Helm really
// uses (pre-install hooks, the manifest sorted by kind, post-install hooks by weight). After the
// install, every workload's references must exist and have been created before it (etcd revisions).
// Any warning of the server fails too: PodSecurity `restricted` (warn mode: Deployments are not pods,
// so the server only warns) and deprecated APIs.
//   node scripts/chart-server-check.js                 the scenarios below
//   node scripts/chart-server-check.js --breakages     also each breakage of scripts/chart-breakages.js
//                                                      (minikube install): which ones the server catches
// GAVEL_TOOLS_DIR as for deploy-checks (helm). Exit 1 when a scenario fails.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const yaml = createRequire(__filename)('js-yaml');
const { BREAKAGES } = require('./chart-breakages.js');

const ROOT = path.resolve(__dirname, '..');
const CHART = path.join(ROOT, 'helm/gavel');
const HELM = path.join(process.env.GAVEL_TOOLS_DIR ?? path.join(ROOT, '.gavel/tools'), 'bin/helm');
const KUBECONFIG = process.env.KUBECONFIG;
const HELM_TIMEOUT = '60s';

// as scripts/deploy-checks.sh renders them (install.sh's required Yandex settings)
const YANDEX_REQUIRED = [
  'ingress.host=gavel.example.com',
  'chain.rpcUrl=https://rpc.example.com',
  'photos.s3.bucket=gavel-photos',
  'secrets.s3AccessKeyId=AK',
  'secrets.s3SecretAccessKey=SK',
  'image.registry=cr.yandex/crp0000000000000000',
].flatMap((s) => ['--set', s]);
const values = (chart, target) => ['-f', path.join(chart, `values-${target}.yaml`)];
/** name -> the helm arguments of each release step (install, then upgrades) */
const SCENARIOS = {
  minikube: (c) => [values(c, 'minikube'), values(c, 'minikube')],
  yandex: (c) => [
    [...values(c, 'yandex'), ...YANDEX_REQUIRED],
    [...values(c, 'yandex'), ...YANDEX_REQUIRED],
  ],
  // infrastructure first (deployApps=false), then the apps: pre-upgrade migrations, new Deployments
  bootstrap: (c) => [[...values(c, 'minikube'), '--set', 'deployApps=false'], values(c, 'minikube')],
};

// ---- the API server ------------------------------------------------------------------------------

function loadKubeconfig() {
  if (!KUBECONFIG) throw new Error('KUBECONFIG is not set (bash scripts/k8s-api.sh up prints it)');
  const cfg = yaml.load(fs.readFileSync(KUBECONFIG, 'utf8'));
  const cluster = cfg.clusters[0].cluster;
  const user = cfg.users[0].user;
  return {
    server: new URL(cluster.server),
    agent: new https.Agent({
      ca: fs.readFileSync(cluster['certificate-authority']),
      cert: fs.readFileSync(user['client-certificate']),
      key: fs.readFileSync(user['client-key']),
      keepAlive: true,
    }),
  };
}
const KUBE = loadKubeconfig();

/** One request; resolves {status, body} (body parsed when JSON). */
function api(method, urlPath, body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: KUBE.server.hostname,
        port: KUBE.server.port,
        path: urlPath,
        method,
        agent: KUBE.agent,
        headers: { accept: 'application/json', ...(body ? { 'content-type': contentType } : {}) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => {
          let parsed = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function list(ns, plural, group) {
  const base = group ? `/apis/${group}` : '/api/v1';
  const r = await api('GET', `${base}/namespaces/${ns}/${plural}`);
  if (r.status !== 200)
    throw new Error(`list ${plural}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.items;
}

async function createNamespace(ns) {
  const r = await api('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    },
  });
  if (r.status !== 201) throw new Error(`create namespace ${ns}: ${r.status} ${JSON.stringify(r.body)}`);
}

// ---- what a pod needs ----------------------------------------------------------------------------

/** The objects a pod spec refers to: [{kind, name, key?, optional, where}] */
function podRefs(spec) {
  const refs = [];
  const add = (kind, name, key, optional, where) =>
    refs.push({ kind, name, key, optional: Boolean(optional), where });
  if (spec.serviceAccountName && spec.serviceAccountName !== 'default')
    add('ServiceAccount', spec.serviceAccountName, undefined, false, 'serviceAccountName');
  for (const s of spec.imagePullSecrets ?? []) add('Secret', s.name, undefined, false, 'imagePullSecrets');
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      if (s) add('Secret', s.name, s.key, s.optional, `${c.name} env ${e.name}`);
      if (m) add('ConfigMap', m.name, m.key, m.optional, `${c.name} env ${e.name}`);
    }
    for (const f of c.envFrom ?? []) {
      if (f.secretRef) add('Secret', f.secretRef.name, undefined, f.secretRef.optional, `${c.name} envFrom`);
      if (f.configMapRef)
        add('ConfigMap', f.configMapRef.name, undefined, f.configMapRef.optional, `${c.name} envFrom`);
    }
  }
  for (const v of spec.volumes ?? []) {
    const where = `volume ${v.name}`;
    if (v.secret) {
      add('Secret', v.secret.secretName, undefined, v.secret.optional, where);
      for (const i of v.secret.items ?? [])
        add('Secret', v.secret.secretName, i.key, v.secret.optional, where);
    }
    if (v.configMap) {
      add('ConfigMap', v.configMap.name, undefined, v.configMap.optional, where);
      for (const i of v.configMap.items ?? [])
        add('ConfigMap', v.configMap.name, i.key, v.configMap.optional, where);
    }
    for (const src of v.projected?.sources ?? []) {
      for (const [field, kind] of [
        ['secret', 'Secret'],
        ['configMap', 'ConfigMap'],
      ]) {
        const s = src[field];
        if (!s) continue;
        add(kind, s.name, undefined, s.optional, where);
        for (const i of s.items ?? []) add(kind, s.name, i.key, s.optional, where);
      }
    }
    if (v.persistentVolumeClaim)
      add('PersistentVolumeClaim', v.persistentVolumeClaim.claimName, undefined, false, where);
  }
  return refs;
}

function podSpecOf(obj) {
  if (obj.kind === 'CronJob') return obj.spec.jobTemplate.spec.template.spec;
  return obj.spec?.template?.spec;
}

/** What exists in the namespace now: kind -> name -> {keys, rv} */
async function snapshot(ns) {
  const state = {
    Secret: new Map(),
    ConfigMap: new Map(),
    ServiceAccount: new Map(),
    PersistentVolumeClaim: new Map(),
  };
  const rv = (o) => BigInt(o.metadata.resourceVersion);
  for (const s of await list(ns, 'secrets'))
    state.Secret.set(s.metadata.name, { keys: new Set(Object.keys(s.data ?? {})), rv: rv(s) });
  for (const c of await list(ns, 'configmaps'))
    state.ConfigMap.set(c.metadata.name, {
      keys: new Set([...Object.keys(c.data ?? {}), ...Object.keys(c.binaryData ?? {})]),
      rv: rv(c),
    });
  for (const a of await list(ns, 'serviceaccounts')) state.ServiceAccount.set(a.metadata.name, { rv: rv(a) });
  for (const p of await list(ns, 'persistentvolumeclaims'))
    state.PersistentVolumeClaim.set(p.metadata.name, { rv: rv(p) });
  return state;
}

/** The references of a pod spec that do not resolve in a snapshot; `before`: created before this revision */
function missing(spec, state, before) {
  const out = [];
  for (const r of podRefs(spec)) {
    const o = state[r.kind].get(r.name);
    if (!o) {
      if (!r.optional) out.push(`${r.kind} ${r.name} (${r.where}) does not exist`);
    } else if (r.key && !o.keys.has(r.key)) {
      if (!r.optional) out.push(`${r.kind} ${r.name} has no key ${r.key} (${r.where})`);
    } else if (before !== undefined && o.rv > before) {
      out.push(`${r.kind} ${r.name} (${r.where}) was created after it`);
    }
  }
  return [...new Set(out)];
}

// ---- the stand-in Job controller -----------------------------------------------------------------

/** Completes (or fails) each hook Job Helm creates in ns, by what exists at that moment. */
function jobController(ns, log) {
  let stop = false;
  const seen = new Set();
  const done = (async () => {
    while (!stop) {
      let jobs = [];
      try {
        jobs = await list(ns, 'jobs', 'batch/v1');
      } catch (e) {
        log.push(`job controller: ${e.message}`);
      }
      for (const job of jobs) {
        const id = job.metadata.uid;
        if (seen.has(id)) continue;
        seen.add(id);
        const hook = job.metadata.annotations?.['helm.sh/hook'] ?? 'no hook';
        const gaps = missing(job.spec.template.spec, await snapshot(ns));
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const status = gaps.length
          ? {
              startTime: now,
              failed: 1,
              conditions: [
                {
                  type: 'FailureTarget',
                  status: 'True',
                  reason: 'MissingReferences',
                  message: gaps.join('; '),
                  lastTransitionTime: now,
                },
                {
                  type: 'Failed',
                  status: 'True',
                  reason: 'MissingReferences',
                  message: gaps.join('; '),
                  lastTransitionTime: now,
                },
              ],
            }
          : {
              startTime: now,
              completionTime: now,
              succeeded: job.spec.completions ?? 1,
              conditions: [
                {
                  type: 'SuccessCriteriaMet',
                  status: 'True',
                  reason: 'CompletionsReached',
                  lastTransitionTime: now,
                },
                { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: now },
              ],
            };
        const r = await api(
          'PATCH',
          `/apis/batch/v1/namespaces/${ns}/jobs/${job.metadata.name}/status`,
          { status },
          'application/merge-patch+json',
        );
        if (r.status !== 200)
          log.push(
            `job controller: status of job ${job.metadata.name}: ${r.status} ${r.body?.message ?? ''}`,
          );
        log.push(
          gaps.length
            ? `job ${job.metadata.name} (${hook}) FAILED: ${gaps.join('; ')}`
            : `job ${job.metadata.name} (${hook}) completed: its references existed`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return async () => {
    stop = true;
    await done;
  };
}

// ---- one scenario --------------------------------------------------------------------------------

function helm(args) {
  return new Promise((resolve) => {
    const p = spawn(HELM, args, { env: { ...process.env, KUBECONFIG } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ ok: code === 0, out }));
  });
}

const WORKLOAD_LISTS = [
  ['Deployment', 'deployments', 'apps/v1'],
  ['StatefulSet', 'statefulsets', 'apps/v1'],
  ['DaemonSet', 'daemonsets', 'apps/v1'],
  ['CronJob', 'cronjobs', 'batch/v1'],
];

/** Runs a scenario's release steps in a new namespace; returns {ok, problems[], notes[]} */
async function scenario(name, chart, steps) {
  const ns = `${name}-${Date.now().toString(36)}`;
  const problems = [];
  const notes = [];
  await createNamespace(ns);
  for (const [i, args] of steps.entries()) {
    const verb = i === 0 ? 'install' : 'upgrade';
    const events = [];
    const stopJobs = jobController(ns, events);
    const r = await helm([verb, 'gavel', chart, '--namespace', ns, '--timeout', HELM_TIMEOUT, ...args]);
    await stopJobs();
    for (const e of events) (/FAILED|job controller:/.test(e) ? problems : notes).push(`${verb}: ${e}`);
    // the server's warnings (PodSecurity `restricted` of the namespace, deprecated APIs), as client-go
    // logs them: I1202 12:00:00.000000 1 warnings.go:107] "Warning: ..."
    const warnings = new Set(r.out.split('\n').flatMap((l) => /Warning: (.*?)"?$/.exec(l)?.[1] ?? []));
    for (const w of warnings)
      problems.push(`${verb}: server warning: ${w.replace(/\\"/g, '"').slice(0, 300)}`);
    if (!r.ok) {
      problems.push(
        `helm ${verb}: ${r.out
          .trim()
          .split('\n')
          .filter((l) => !/^W\d{4}/.test(l))
          .slice(-6)
          .join(' | ')}`,
      );
      break;
    }
    // every workload's references exist now; after the first install, they were created before it
    const state = await snapshot(ns);
    let workloads = 0;
    for (const [kind, plural, group] of WORKLOAD_LISTS)
      for (const w of await list(ns, plural, group)) {
        workloads++;
        const before = i === 0 ? BigInt(w.metadata.resourceVersion) : undefined;
        for (const gap of missing(podSpecOf(w), state, before))
          problems.push(`${verb}: ${kind} ${w.metadata.name}: ${gap}`);
      }
    notes.push(`${verb}: helm ${verb} accepted; ${workloads} workloads, their references resolve`);
  }
  return { ok: problems.length === 0, problems, notes, ns };
}

function report(name, res, verbose) {
  console.log(`  ${res.ok ? 'ok  ' : 'FAIL'} ${name}`);
  for (const n of verbose ? res.notes : []) console.log(`         ${n}`);
  for (const p of res.problems) console.log(`         ${p}`);
}

async function breakages() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gavel-server-breakages-'));
  const rows = [];
  try {
    for (const [i, b] of BREAKAGES.entries()) {
      const chart = path.join(base, String(i), 'gavel');
      fs.cpSync(CHART, chart, { recursive: true });
      const file = path.join(chart, b.file);
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(b.from)) {
        rows.push({ name: b.name, verdict: `not applied ("${b.from}" is not in ${b.file})` });
        continue;
      }
      fs.writeFileSync(file, b.once ? text.replace(b.from, b.to) : text.split(b.from).join(b.to));
      const t = spawnSync(
        HELM,
        ['template', 'gavel', chart, '--kube-version', '1.33.0', ...values(chart, 'minikube')],
        {
          encoding: 'utf8',
        },
      );
      if (t.status !== 0) {
        const why = t.stderr.trim().split('\n').pop().slice(0, 160);
        rows.push({ name: b.name, verdict: `helm template fails, before any server (${why})` });
        continue;
      }
      const res = await scenario(`b${i}`, chart, [values(chart, 'minikube')]);
      const first = res.problems[0] ?? '';
      const by = /^helm /.test(first)
        ? 'rejected by the API server'
        : /server warning/.test(first)
          ? 'a warning of the API server'
          : 'the reference/order check';
      const verdict = res.ok ? 'NOT caught' : `caught: ${by} (${first.replace(/\s+/g, ' ').slice(0, 200)})`;
      rows.push({ name: b.name, verdict });
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log('==> breakages of scripts/chart-breakages.js, minikube install:');
  for (const r of rows) console.log(`  ${r.name}: ${r.verdict}`);
}

async function main() {
  if (!fs.existsSync(HELM)) throw new Error(`${HELM} is missing (bash scripts/tools.sh)`);
  const verbose = process.argv.includes('--verbose');
  let failed = 0;
  console.log('==> helm install + upgrade against the API server, hook Jobs completed by what exists then');
  for (const [name, steps] of Object.entries(SCENARIOS)) {
    const res = await scenario(name, CHART, steps(CHART));
    report(name, res, verbose);
    if (!res.ok) failed++;
  }
  if (process.argv.includes('--breakages')) await breakages();
  console.log(`  ${Object.keys(SCENARIOS).length} scenarios, ${failed} failed`);
  if (failed) process.exit(1);
}

main().catch((e) => {
  console.error(`chart-server-check: ${e.stack ?? e}`);
  process.exit(1);
});
