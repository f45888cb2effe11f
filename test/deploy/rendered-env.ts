/**
 * The environment a pod of a rendered Helm release would get, resolved offline from the rendered
 * objects (`helm template` output): `envFrom` ConfigMaps/Secrets, then the `env` list (plain values,
 * `$(VAR)` references, configMapKeyRef, secretKeyRef), as the kubelet resolves them. A reference to a
 * missing object or key throws (unless marked optional), so a typo in the chart fails here. Then
 * `rewriteAddresses` maps in-cluster addresses (`gavel-kafka:9092`, a host/port pair) to local ones.
 * Pure: no helm, no network (test/deploy/rendered-env.spec.ts).
 */
import { createRequire } from 'node:module';

// js-yaml ships with the toolchain (eslint, @nestjs/swagger) but without type declarations.
const { loadAll } = createRequire(__filename)('js-yaml') as { loadAll(input: string): unknown[] };

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: { fieldPath: string } };
}
interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}
export interface Container {
  name: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: { name?: string; containerPort: number }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
}
export interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    selector?: Record<string, string>;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  };
}

export function parseManifests(yamlText: string): Manifest[] {
  return loadAll(yamlText).filter(
    (doc): doc is Manifest => typeof doc === 'object' && doc !== null && 'kind' in doc && 'metadata' in doc,
  );
}

/** Secret name → key → value, replacing what the rendered Secret holds (e.g. a generated password). */
export type SecretOverrides = Record<string, Record<string, string>>;

export class RenderedRelease {
  constructor(
    readonly objects: Manifest[],
    private readonly overrides: SecretOverrides = {},
  ) {}

  find(kind: string, name: string): Manifest {
    const found = this.objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in the rendered release`);
    return found;
  }

  /** A workload's container (or init container) by name. */
  container(kind: string, name: string, container: string): Container {
    const spec = this.find(kind, name).spec?.template?.spec;
    const found = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find(
      (c) => c.name === container,
    );
    if (!found) throw new Error(`${kind}/${name} has no container ${container}`);
    return found;
  }

  configMapData(name: string): Record<string, string> | undefined {
    const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    return cm && { ...cm.data };
  }

  /** A Secret's values, decoded (data is base64, stringData plain), with the overrides applied. */
  secretData(name: string): Record<string, string> | undefined {
    const secret = this.objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
    if (!secret) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(secret.data ?? {}))
      out[k] = Buffer.from(v, 'base64').toString('utf8');
    Object.assign(out, secret.stringData ?? {}, this.overrides[name] ?? {});
    return out;
  }

  /** The container's environment as the kubelet builds it: envFrom in order, then env (which wins). */
  env(container: Container): Record<string, string> {
    const where = `container ${container.name}`;
    const out: Record<string, string> = {};
    for (const from of container.envFrom ?? []) {
      const ref = from.configMapRef ?? from.secretRef;
      if (!ref) continue;
      const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
      const data = kind === 'ConfigMap' ? this.configMapData(ref.name) : this.secretData(ref.name);
      if (!data) {
        if (ref.optional) continue;
        throw new Error(`${where}: envFrom ${kind} ${ref.name} is not rendered`);
      }
      for (const [k, v] of Object.entries(data)) out[`${from.prefix ?? ''}${k}`] = v;
    }
    for (const e of container.env ?? []) {
      const value = this.envValue(e, out, where);
      if (value !== undefined) out[e.name] = value;
    }
    return out;
  }

  private envValue(e: EnvVar, defined: Record<string, string>, where: string): string | undefined {
    if (e.value !== undefined) return expandReferences(e.value, defined);
    const from = e.valueFrom;
    const ref = from?.secretKeyRef ?? from?.configMapKeyRef;
    if (ref) {
      const kind = from?.secretKeyRef ? 'Secret' : 'ConfigMap';
      const data = kind === 'Secret' ? this.secretData(ref.name) : this.configMapData(ref.name);
      const value = data?.[ref.key];
      if (value !== undefined) return value;
      if (ref.optional) return undefined;
      throw new Error(
        `${where}: env ${e.name}: ${data ? `${kind} ${ref.name} has no key ${ref.key}` : `${kind} ${ref.name} is not rendered`}`,
      );
    }
    // fieldRef (pod IP, names): nothing a local process can use; the containers that need one say so
    if (from?.fieldRef) return undefined;
    return '';
  }
}

/** `$(NAME)` of an env value → NAME's value defined before it; an unknown reference stays as written. */
export function expandReferences(value: string, defined: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) =>
    name === undefined ? '$' : (defined[name] ?? match),
  );
}

export interface LocalAddress {
  host: string;
  port: number;
}

/**
 * In-cluster address (`<service>:<port>`) → local address, for the Services the local stack stands in
 * for: each entry of `services` maps a Service's ports (by port number) to a local port.
 */
export function addressTable(
  services: Record<string, Record<number, number>>,
  host = '127.0.0.1',
): Map<string, LocalAddress> {
  const table = new Map<string, LocalAddress>();
  for (const [service, ports] of Object.entries(services)) {
    for (const [port, local] of Object.entries(ports)) table.set(`${service}:${port}`, { host, port: local });
  }
  return table;
}

/**
 * `<service>:<port>` of each rendered Service that selects the pods of one of `deployments` → that
 * app's local process, on the container port the Service's targetPort names (the process listens where
 * the pod would).
 */
export function appServiceAddresses(
  release: RenderedRelease,
  deploymentNames: string[],
  host = '127.0.0.1',
): Map<string, LocalAddress> {
  const table = new Map<string, LocalAddress>();
  const deployments = release.objects.filter(
    (o) => o.kind === 'Deployment' && deploymentNames.includes(o.metadata.name),
  );
  for (const service of release.objects.filter((o) => o.kind === 'Service')) {
    const selector = service.spec?.selector ?? {};
    if (!Object.keys(selector).length) continue;
    const target = deployments.find((d) =>
      Object.entries(selector).every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v),
    );
    const containers = target?.spec?.template?.spec.containers ?? [];
    for (const p of service.spec?.ports ?? []) {
      const tp = p.targetPort ?? p.port;
      const port =
        typeof tp === 'number'
          ? tp
          : containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === tp)?.containerPort;
      if (port !== undefined) table.set(`${service.metadata.name}:${p.port}`, { host, port });
    }
  }
  return table;
}

const NAME_CHAR = '[A-Za-z0-9-]';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` as a whole host name. */
const hostPattern = (service: string): string =>
  `(?<!${NAME_CHAR})${escape(service)}(?:\\.[a-z0-9-]+(?:\\.svc(?:\\.cluster\\.local)?)?)?(?!${NAME_CHAR})`;

/**
 * Rewrites every in-cluster address of `values`: `<service>:<port>` inside any value (URLs, broker
 * lists), and each [hostKey, portKey] pair whose host is a Service (GAVEL_PG_HOST + GAVEL_PG_PORT).
 * Any Service name of `clusterServices` still left afterwards throws: an address nothing stands in for
 * (or a port the Service does not have) would reach nothing locally, so it is a finding, not a default.
 */
export function rewriteAddresses(
  values: Record<string, string>,
  table: Map<string, LocalAddress>,
  clusterServices: string[],
  hostPortPairs: [string, string][] = [],
): Record<string, string> {
  const out = { ...values };
  const services = [...new Set([...table.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))];
  for (const [key, value] of Object.entries(out)) {
    let rewritten = value;
    for (const service of services) {
      rewritten = rewritten.replace(new RegExp(`${hostPattern(service)}:(\\d+)`, 'g'), (match, port) => {
        const local = table.get(`${service}:${port}`);
        return local ? `${local.host}:${local.port}` : match;
      });
    }
    out[key] = rewritten;
  }
  for (const [hostKey, portKey] of hostPortPairs) {
    const host = out[hostKey];
    if (host === undefined) continue;
    const service = services.find((s) => new RegExp(`^${hostPattern(s)}$`).test(host));
    const local = service && table.get(`${service}:${out[portKey]}`);
    if (local) {
      out[hostKey] = local.host;
      out[portKey] = String(local.port);
    }
  }
  // an address: `<service>:<port>`, `//<service>`, or a whole host setting (not, say, an S3 key that
  // happens to be spelt like a Service)
  const hostKeys = new Set(hostPortPairs.map(([h]) => h));
  const isAddress = (key: string, value: string, s: string): boolean =>
    new RegExp(`(?:${hostPattern(s)}:\\d|//${hostPattern(s)})`).test(value) ||
    ((hostKeys.has(key) || /(_HOST|hostname)$/i.test(key)) && new RegExp(`^${hostPattern(s)}$`).test(value));
  const left = Object.entries(out).flatMap(([key, value]) =>
    clusterServices.filter((s) => isAddress(key, value, s)).map((s) => `${key}=${value} (${s})`),
  );
  if (left.length) throw new Error(`in-cluster addresses with no local stand-in: ${left.join('; ')}`);
  return out;
}

/** `${env:NAME}` (Kafka Connect's EnvVarConfigProvider) → NAME from the Connect worker's environment. */
export function resolveEnvProvider(
  config: Record<string, string>,
  workerEnv: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key] = value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const resolved = workerEnv[name];
      if (resolved === undefined) {
        throw new Error(`connector ${key} refers to \${env:${name}}, which the Connect worker does not have`);
      }
      return resolved;
    });
  }
  return out;
}
