#!/usr/bin/env node
// Cross-reference checks of rendered Kubernetes manifests (`helm template` output), the mistakes that
// kubeconform's per-object schemas cannot see:
//   - every Secret / ConfigMap a pod refers to (env secretKeyRef/configMapKeyRef, envFrom, volumes) is
//     rendered (or named with --external-secret) and has the key (an `optional: true` reference may only
//     miss a key the Secret lists in its `gavel.dev/optional-keys` annotation);
//   - probe ports and Service targetPorts given by name exist on the container(s) they point at;
//   - every label selector (workload, Service, PDB, HPA target, NetworkPolicy) matches its pods;
//   - in-cluster addresses in env values and ConfigMaps (`http://<svc>:<port>`, `<svc>:<port>`) name a
//     rendered Service that exposes that port; Kafka's advertised listeners are not loopback and use
//     the ports of its listeners;
//   - Helm hook annotations are valid; migrations run before the apps (pre-install/pre-upgrade); a
//     pre-install hook refers only to hooks of its phase (a regular resource does not exist yet then);
//   - a few kube-linter-style rules: resources set, no :latest image, non-root, ingress backends exist.
// usage: node scripts/chart-xref.js [--external-secret NAME]... FILE.yaml   (exit 1 on any finding)
//        node scripts/chart-xref.js --extract CONFIGMAP DIR FILE.yaml   (its data as files, for promtool)
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
// js-yaml: a devDependency (also used by test/deploy/chart.spec.ts)
const yaml = createRequire(__filename)('js-yaml');

const HOOKS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
  'test-failure',
]);
const DELETE_POLICIES = new Set(['before-hook-creation', 'hook-succeeded', 'hook-failed']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

function parseArgs(argv) {
  const external = new Set();
  let file;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--external-secret') external.add(argv[++i]);
    else file = argv[i];
  }
  if (!file) {
    console.error('usage: node scripts/chart-xref.js [--external-secret NAME]... FILE.yaml');
    process.exit(2);
  }
  return { file, external };
}

/** Every object of a multi-document YAML file, with the template it came from (`# Source:` comments). */
function load(file) {
  const text = fs.readFileSync(file, 'utf8');
  const objects = [];
  for (const part of text.split(/^---\s*$/m)) {
    const source = /^# Source: (.+)$/m.exec(part)?.[1] ?? '?';
    const doc = yaml.load(part);
    if (doc && typeof doc === 'object') objects.push({ ...doc, __source: source });
  }
  return objects;
}

const hooksOf = (o) =>
  (o.metadata?.annotations?.['helm.sh/hook'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);

function podTemplate(o) {
  if (o.kind === 'Pod') return { labels: o.metadata?.labels ?? {}, spec: o.spec };
  if (o.kind === 'CronJob')
    return o.spec?.jobTemplate?.spec?.template && toTemplate(o.spec.jobTemplate.spec.template);
  if (WORKLOADS.has(o.kind)) return o.spec?.template && toTemplate(o.spec.template);
  return undefined;
}
const toTemplate = (t) => ({ labels: t.metadata?.labels ?? {}, spec: t.spec ?? {} });

function matches(selector, labels) {
  if (!selector) return false;
  const ml = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function check(objects, external) {
  const findings = [];
  const at = (o) => `${o.kind}/${o.metadata?.name} (${o.__source})`;
  const fail = (o, msg) => findings.push(`${at(o)}: ${msg}`);

  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const named = (kind) => new Map(byKind(kind).map((o) => [o.metadata.name, o]));
  const secrets = named('Secret');
  const configMaps = named('ConfigMap');
  const services = named('Service');
  const serviceAccounts = named('ServiceAccount');
  const pods = objects.map((o) => ({ o, t: podTemplate(o) })).filter((p) => p.t);
  const keysOf = (o) => new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})]);
  const optionalKeys = (o) =>
    new Set(
      (o.metadata?.annotations?.['gavel.dev/optional-keys'] ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    );

  // ---- hooks
  const phase = new Map(); // object -> its hooks
  for (const o of objects) {
    const hooks = hooksOf(o);
    phase.set(o, hooks);
    const ann = o.metadata?.annotations ?? {};
    for (const h of hooks) if (!HOOKS.has(h)) fail(o, `unknown Helm hook "${h}"`);
    if (ann['helm.sh/hook-weight'] !== undefined && !/^-?\d+$/.test(String(ann['helm.sh/hook-weight'])))
      fail(o, `helm.sh/hook-weight must be an integer string, got "${ann['helm.sh/hook-weight']}"`);
    for (const p of String(ann['helm.sh/hook-delete-policy'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      if (!DELETE_POLICIES.has(p)) fail(o, `unknown helm.sh/hook-delete-policy "${p}"`);
    if (ann['helm.sh/hook-delete-policy'] && !hooks.length)
      fail(o, 'hook-delete-policy without helm.sh/hook');
    if (hooks.some((h) => h.startsWith('test')) && !['Pod', 'Job'].includes(o.kind))
      fail(o, 'a test hook must be a Pod or a Job');
    const component = o.metadata?.labels?.['app.kubernetes.io/component'];
    if (component === 'migration' && hooks.length) {
      const late = hooks.filter((h) => !['pre-install', 'pre-upgrade'].includes(h));
      if (late.length)
        fail(o, `a migration must run before the apps change (pre-install/pre-upgrade), not ${late}`);
    }
  }
  const isPreInstallHook = (o) => (phase.get(o) ?? []).includes('pre-install');
  // a pre-install hook can only use what exists before the release's resources: other pre-install hooks
  const usable = (user, target) => !isPreInstallHook(user) || !target || isPreInstallHook(target);

  // ---- pods
  for (const { o, t } of pods) {
    const spec = t.spec ?? {};
    if (o.kind !== 'Pod' && o.kind !== 'Job' && o.kind !== 'CronJob' && o.spec?.selector) {
      if (!matches(o.spec.selector, t.labels))
        fail(o, `spec.selector does not match the pod template's labels`);
    }
    if (spec.serviceAccountName && spec.serviceAccountName !== 'default') {
      const sa = serviceAccounts.get(spec.serviceAccountName);
      if (!sa) fail(o, `serviceAccountName ${spec.serviceAccountName} is not rendered`);
      else if (!usable(o, sa))
        fail(o, `pre-install hook uses ServiceAccount ${sa.metadata.name}, created only after it`);
    }
    const secretRef = (what, name, key, optional) => {
      if (external.has(name)) return;
      const s = secrets.get(name);
      if (!s) return optional ? undefined : fail(o, `${what}: Secret ${name} is not rendered`);
      if (!usable(o, s))
        fail(o, `${what}: pre-install hook uses Secret ${name}, which Helm creates only after it`);
      if (key !== undefined && !keysOf(s).has(key) && !(optional && optionalKeys(s).has(key)))
        fail(o, `${what}: Secret ${name} has no key "${key}" (keys: ${[...keysOf(s)].join(', ')})`);
    };
    const configMapRef = (what, name, key, optional) => {
      const c = configMaps.get(name);
      if (!c) return optional ? undefined : fail(o, `${what}: ConfigMap ${name} is not rendered`);
      if (!usable(o, c))
        fail(o, `${what}: pre-install hook uses ConfigMap ${name}, which Helm creates only after it`);
      if (key !== undefined && !keysOf(c).has(key) && !optional)
        fail(o, `${what}: ConfigMap ${name} has no key "${key}"`);
    };
    const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
    for (const v of spec.volumes ?? []) {
      if (v.secret) {
        secretRef(`volume ${v.name}`, v.secret.secretName, undefined, v.secret.optional);
        for (const i of v.secret.items ?? [])
          secretRef(`volume ${v.name}`, v.secret.secretName, i.key, v.secret.optional);
      }
      if (v.configMap) {
        configMapRef(`volume ${v.name}`, v.configMap.name, undefined, v.configMap.optional);
        for (const i of v.configMap.items ?? [])
          configMapRef(`volume ${v.name}`, v.configMap.name, i.key, v.configMap.optional);
      }
      for (const src of v.projected?.sources ?? []) {
        if (src.secret) secretRef(`volume ${v.name}`, src.secret.name, undefined, src.secret.optional);
        if (src.configMap)
          configMapRef(`volume ${v.name}`, src.configMap.name, undefined, src.configMap.optional);
      }
      if (v.persistentVolumeClaim) {
        const claims = new Set((o.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata.name));
        const pvcs = named('PersistentVolumeClaim');
        if (!pvcs.has(v.persistentVolumeClaim.claimName) && !claims.has(v.persistentVolumeClaim.claimName))
          fail(
            o,
            `volume ${v.name}: PersistentVolumeClaim ${v.persistentVolumeClaim.claimName} is not rendered`,
          );
      }
    }
    const claimNames = new Set((o.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata.name));
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const where = `container ${c.name}`;
      for (const e of c.env ?? []) {
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) secretRef(`${where} env ${e.name}`, sk.name, sk.key, sk.optional);
        const ck = e.valueFrom?.configMapKeyRef;
        if (ck) configMapRef(`${where} env ${e.name}`, ck.name, ck.key, ck.optional);
      }
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef)
          configMapRef(`${where} envFrom`, ef.configMapRef.name, undefined, ef.configMapRef.optional);
        if (ef.secretRef) secretRef(`${where} envFrom`, ef.secretRef.name, undefined, ef.secretRef.optional);
      }
      for (const m of c.volumeMounts ?? [])
        if (!volumes.has(m.name) && !claimNames.has(m.name))
          fail(o, `${where} mounts ${m.name}, which is no volume`);
      const portNames = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
      const portNumbers = new Set((c.ports ?? []).map((p) => p.containerPort));
      for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const p = c[kind];
        const port = p?.httpGet?.port ?? p?.tcpSocket?.port ?? p?.grpc?.port;
        if (port === undefined) continue;
        if (typeof port === 'string' && !/^\d+$/.test(port) && !portNames.has(port))
          fail(
            o,
            `${where} ${kind} uses port "${port}", which the container does not declare (${[...portNames]})`,
          );
        if (typeof port === 'number' && !portNumbers.has(port))
          fail(o, `${where} ${kind} uses port ${port}, which the container does not declare`);
      }
      // kube-linter-style basics
      if (!c.resources?.limits?.memory || !c.resources?.requests?.cpu)
        fail(o, `${where} has no memory limit or cpu request`);
      if (/:latest$/.test(c.image) || !/:[^/]+$/.test(c.image))
        fail(o, `${where} image ${c.image} has no fixed tag`);
      const nonRoot = c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
      if (!nonRoot) fail(o, `${where} may run as root (runAsNonRoot is not set)`);
      if (c.securityContext?.privileged) fail(o, `${where} is privileged`);
    }
    if (o.kind === 'StatefulSet' && o.spec.serviceName && !services.has(o.spec.serviceName))
      fail(o, `serviceName ${o.spec.serviceName} is not a rendered Service`);
  }

  // ---- selectors of Services, PDBs, NetworkPolicies; HPA targets
  const podsMatching = (selector) => pods.filter(({ t }) => matches(selector, t.labels));
  for (const s of services.values()) {
    if (!s.spec?.selector) continue; // a Service without selector (external endpoints)
    const selected = podsMatching(s.spec.selector);
    if (!selected.length) {
      fail(s, `selector ${JSON.stringify(s.spec.selector)} matches no pod template`);
      continue;
    }
    for (const p of s.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      const ok = selected.some(({ t }) =>
        (t.spec.containers ?? []).some((c) =>
          (c.ports ?? []).some((cp) =>
            typeof target === 'string' ? cp.name === target : cp.containerPort === target,
          ),
        ),
      );
      if (!ok) fail(s, `port ${p.name ?? p.port}: targetPort ${target} is not a port of the selected pods`);
    }
  }
  for (const pdb of byKind('PodDisruptionBudget'))
    if (!podsMatching(pdb.spec?.selector).length) fail(pdb, 'selector matches no pod template');
  for (const np of byKind('NetworkPolicy')) {
    const sel = np.spec?.podSelector ?? {};
    const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
    if (!empty && !podsMatching(sel).length) fail(np, 'podSelector matches no pod template');
    for (const dir of ['ingress', 'egress'])
      for (const rule of np.spec?.[dir] ?? [])
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
          const ps = peer.podSelector;
          if (!ps || peer.namespaceSelector) continue;
          const anyPod = !Object.keys(ps.matchLabels ?? {}).length && !(ps.matchExpressions ?? []).length;
          if (!anyPod && !podsMatching(ps).length)
            fail(np, `${dir} peer ${JSON.stringify(ps)} matches no pod template`);
        }
  }
  for (const hpa of byKind('HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef;
    if (ref && !objects.some((o) => o.kind === ref.kind && o.metadata?.name === ref.name))
      fail(hpa, `scaleTargetRef ${ref.kind}/${ref.name} is not rendered`);
  }
  for (const ing of byKind('Ingress')) {
    const backends = [];
    for (const r of ing.spec?.rules ?? [])
      for (const p of r.http?.paths ?? []) backends.push(p.backend?.service);
    if (ing.spec?.defaultBackend?.service) backends.push(ing.spec.defaultBackend.service);
    for (const b of backends.filter(Boolean)) {
      const s = services.get(b.name);
      if (!s) fail(ing, `backend Service ${b.name} is not rendered`);
      else if (
        !(s.spec.ports ?? []).some((p) => (b.port.name ? p.name === b.port.name : p.port === b.port.number))
      )
        fail(ing, `backend Service ${b.name} has no port ${b.port.name ?? b.port.number}`);
    }
    for (const tls of ing.spec?.tls ?? [])
      if (!tls.secretName && ing.spec.ingressClassName !== 'alb') fail(ing, 'a tls entry without secretName');
  }

  // ---- in-cluster addresses
  const addressRe = /(?:^|[\s,"'=@]|:\/\/)([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)((?:\.[a-z0-9-]+)*):(\d{2,5})\b/g;
  const checkAddresses = (o, where, value) => {
    for (const m of String(value).matchAll(addressRe)) {
      const [, host, rest, portText] = m;
      const port = Number(portText);
      if (host === 'localhost' || /^\d+$/.test(host)) continue;
      const labels = rest.split('.').filter(Boolean);
      // <svc>, <svc>.<ns>[.svc[.cluster.local]], or <pod>.<headless-svc>[.<ns>...]
      const inCluster = !labels.length || /\.svc(\.cluster\.local)?$/.test(rest) || labels.length === 1;
      if (!inCluster) continue;
      const candidates = [host, labels[0]].filter(Boolean);
      const s = candidates.map((n) => services.get(n)).find(Boolean);
      if (!s) {
        if (labels.length) continue; // <name>.<namespace>: another namespace's Service (not rendered here)
        fail(o, `${where}: ${host}:${port} is not a rendered Service`);
        continue;
      }
      if (!(s.spec.ports ?? []).some((p) => p.port === port))
        fail(o, `${where}: Service ${s.metadata.name} has no port ${port}`);
    }
  };
  for (const { o, t } of pods)
    for (const c of [...(t.spec.initContainers ?? []), ...(t.spec.containers ?? [])]) {
      const env = new Map((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
      for (const [name, value] of env) checkAddresses(o, `container ${c.name} env ${name}`, value);
      const advertised = env.get('KAFKA_ADVERTISED_LISTENERS');
      if (advertised !== undefined) {
        const listeners = new Map(
          String(env.get('KAFKA_LISTENERS') ?? '')
            .split(',')
            .map((l) => /^(\w+):\/\/[^:]*:(\d+)$/.exec(l.trim()))
            .filter(Boolean)
            .map((m) => [m[1], Number(m[2])]),
        );
        for (const l of String(advertised).split(',')) {
          const m = /^(\w+):\/\/([^:]*):(\d+)$/.exec(l.trim());
          if (!m) {
            fail(o, `KAFKA_ADVERTISED_LISTENERS entry "${l}" is not NAME://host:port`);
            continue;
          }
          const [, name, host, port] = m;
          if (!host || /^(localhost|127\.|0\.0\.0\.0)/.test(host))
            fail(
              o,
              `KAFKA_ADVERTISED_LISTENERS ${l}: clients in other pods cannot reach ${host || 'an empty host'}`,
            );
          if (listeners.get(name) !== Number(port))
            fail(
              o,
              `KAFKA_ADVERTISED_LISTENERS ${l}: listener ${name} listens on ${listeners.get(name) ?? 'no port'}`,
            );
          const s = services.get(host) ?? services.get(host.split('.')[1]);
          if (s && !matches(s.spec.selector, t.labels))
            fail(
              o,
              `KAFKA_ADVERTISED_LISTENERS ${l}: Service ${s.metadata.name} does not select this broker`,
            );
        }
      }
    }
  for (const c of configMaps.values())
    for (const [key, value] of Object.entries(c.data ?? {})) checkAddresses(c, `data ${key}`, value);

  return findings;
}

/** `--extract NAME DIR FILE`: writes the data of ConfigMap NAME to DIR/<key> (for promtool). */
function extract(name, dir, file) {
  const cm = load(file).find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  if (!cm) {
    console.error(`chart-xref: no ConfigMap ${name} in ${file}`);
    process.exit(1);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [key, value] of Object.entries(cm.data ?? {})) fs.writeFileSync(`${dir}/${key}`, value);
}

function main() {
  if (process.argv[2] === '--extract') return extract(process.argv[3], process.argv[4], process.argv[5]);
  const { file, external } = parseArgs(process.argv.slice(2));
  let objects;
  try {
    objects = load(file);
  } catch (e) {
    console.error(`chart-xref: ${file}: ${e.message}`);
    process.exit(1);
  }
  const findings = check(objects, external);
  for (const f of findings) console.error(`  xref: ${f}`);
  if (findings.length) {
    console.error(`chart-xref: ${findings.length} finding(s) in ${file}`);
    process.exit(1);
  }
  console.log(`  xref: ${objects.length} objects, every reference resolves`);
}

if (require.main === module) main();
module.exports = { check, load };
