/**
 * The deployment artefacts hold together: every object `kubectl kustomize` renders from k8s/ (the
 * base, the overlays and the maintenance Jobs of k8s/jobs/) is valid against the Kubernetes and
 * Strimzi schemas (CloudNativePG's Cluster, which has no schema package here, is checked by hand),
 * each service's pods are hardened, probed, scaled, budgeted and fenced as docs/operations.md says,
 * their settings pass the services' own configuration rules, and the Dockerfile builds the
 * programs the Deployments and Jobs run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KafkaTopic, KafkaUser } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { configurationSpec, loadConfiguration } from '../../services/host/configuration.ts';
import { deadLetterTopicOf } from '../../services/platform/messaging/topic.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The four services, their gRPC ports, and where each may connect besides DNS, Kafka, MongoDB and the collector. */
const services = {
  acceptance: { port: 50051, externalPorts: [] as number[] },
  approval: { port: 50052, externalPorts: [] as number[] },
  supervision: { port: 50053, externalPorts: [] as number[] },
  notification: { port: 50054, externalPorts: [443, 465, 587] },
} as const;
type ServiceName = keyof typeof services;
const serviceNames = Object.keys(services) as ServiceName[];
/** Where every service connects besides its store (DNS, the Kafka brokers, the collector). */
const commonEgressPorts = [53, 9093, 4317];

/** The stores an overlay may put the services on, by their OW_STORE value: the port, the Secret-held URL, and the store's pods. */
const stores = {
  mongodb: {
    port: 27017,
    urlVariable: 'OW_MONGO_URL',
    sampleUrl: 'mongodb://user:password@mongodb-0,mongodb-1,mongodb-2/?replicaSet=rs0',
    pods: (_rendered: Rendered): Record<string, string> => ({ 'app.kubernetes.io/name': 'mongodb' }),
  },
  postgres: {
    port: 5432,
    urlVariable: 'OW_POSTGRES_URL',
    sampleUrl: 'postgresql://onewindow:password@onewindow-postgres-rw.onewindow:5432/onewindow',
    // CloudNativePG labels the pods of a Cluster with its name.
    pods: (rendered: Rendered): Record<string, string> => ({ 'cnpg.io/cluster': onlyCluster(rendered).metadata.name }),
  },
} as const;
type StoreName = keyof typeof stores;

/**
 * A CloudNativePG Cluster (postgresql.cnpg.io/v1), as far as these manifests use it. No schema
 * package for it is installed, so checkCluster validates its shape by hand.
 */
interface CnpgCluster {
  readonly apiVersion: 'postgresql.cnpg.io/v1';
  readonly kind: 'Cluster';
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  readonly spec: {
    instances: number;
    minSyncReplicas?: number;
    maxSyncReplicas?: number;
    bootstrap?: { initdb?: { database?: string; owner?: string; encoding?: string; localeCollate?: string; localeCType?: string; dataChecksums?: boolean } };
    postgresql?: { parameters?: Record<string, unknown>; synchronous?: { method?: string; number?: number; dataDurability?: string } };
    storage?: { size?: string; storageClass?: string };
    walStorage?: { size?: string; storageClass?: string };
    affinity?: { enablePodAntiAffinity?: boolean; topologyKey?: string; podAntiAffinityType?: string };
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    enableSuperuserAccess?: boolean;
  };
}

/** Throws on a Cluster the operator would refuse or misread (the fields these manifests set). */
function checkCluster(object: unknown): CnpgCluster {
  const cluster = object as CnpgCluster;
  const problems: string[] = [];
  const { spec } = cluster;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster.metadata?.name ?? '')) problems.push('metadata.name must be a DNS label');
  if (typeof spec !== 'object' || spec === null) throw new Error('Cluster has no spec');
  if (!Number.isInteger(spec.instances) || spec.instances < 1) problems.push('spec.instances must be a positive integer');
  for (const field of ['minSyncReplicas', 'maxSyncReplicas'] as const) {
    if (spec[field] !== undefined && !(Number.isInteger(spec[field]) && spec[field] >= 0)) problems.push(`spec.${field} must be an integer >= 0`);
  }
  const synchronous = spec.postgresql?.synchronous;
  if (synchronous) {
    if (!['any', 'first'].includes(synchronous.method ?? '')) problems.push('spec.postgresql.synchronous.method must be any or first');
    if (!Number.isInteger(synchronous.number) || synchronous.number! < 1) problems.push('spec.postgresql.synchronous.number must be an integer >= 1');
    if (synchronous.dataDurability !== undefined && !['required', 'preferred'].includes(synchronous.dataDurability)) problems.push('spec.postgresql.synchronous.dataDurability must be required or preferred');
  }
  // PostgreSQL parameters are a map of strings in the CRD: a YAML number is refused.
  for (const [name, value] of Object.entries(spec.postgresql?.parameters ?? {})) if (typeof value !== 'string') problems.push(`spec.postgresql.parameters.${name} must be a string`);
  for (const volume of ['storage', 'walStorage'] as const) {
    if (spec[volume] !== undefined && !/^\d+(Mi|Gi|Ti)$/.test(spec[volume]!.size ?? '')) problems.push(`spec.${volume}.size must be a quantity`);
  }
  if (!spec.storage) problems.push('spec.storage is required');
  const initdb = spec.bootstrap?.initdb;
  if (initdb) for (const field of ['database', 'owner', 'localeCollate', 'localeCType'] as const) if (initdb[field] !== undefined && typeof initdb[field] !== 'string') problems.push(`spec.bootstrap.initdb.${field} must be a string`);
  if (spec.affinity?.podAntiAffinityType !== undefined && !['required', 'preferred'].includes(spec.affinity.podAntiAffinityType)) problems.push('spec.affinity.podAntiAffinityType must be required or preferred');
  for (const part of ['requests', 'limits'] as const) for (const [name, value] of Object.entries(spec.resources?.[part] ?? {})) checkQuantity(value, `spec.resources.${part}.${name}`, problems);
  if (problems.length) throw new Error(problems.join('; '));
  return cluster;
}

/** Adds a problem if the value is no Kubernetes quantity. */
function checkQuantity(value: string, where: string, problems: string[]) {
  try {
    if (Number.isNaN(quantity(value))) problems.push(`${where} must be a quantity`);
  } catch {
    problems.push(`${where} must be a quantity`);
  }
}

/** The one Cluster of a render that puts the services on PostgreSQL. */
function onlyCluster(rendered: Rendered): CnpgCluster {
  expect(rendered.clusters, 'one CloudNativePG Cluster').toHaveLength(1);
  return rendered.clusters[0]!;
}

/** Every kind the manifests may hold, with its schema. A kind missing here fails the render: nothing goes unchecked. */
const models = [Deployment, Job, Service, ConfigMap, ServiceAccount, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, KafkaTopic, KafkaUser];
const modelOf = new Map(models.map((model) => [`${model.apiVersion}/${model.kind}`, model]));
/** Kinds of operators whose schemas no installed package has: checked by hand. */
const handChecked = new Map<string, (object: unknown) => unknown>([['postgresql.cnpg.io/v1/Cluster', checkCluster]]);

interface Rendered {
  readonly all: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>;
  readonly deployments: Deployment[];
  readonly jobs: Job[];
  readonly services: Service[];
  readonly configMaps: ConfigMap[];
  readonly serviceAccounts: ServiceAccount[];
  readonly autoscalers: HorizontalPodAutoscaler[];
  readonly budgets: PodDisruptionBudget[];
  readonly policies: NetworkPolicy[];
  readonly topics: KafkaTopic[];
  readonly users: KafkaUser[];
  readonly clusters: CnpgCluster[];
}

/** Renders a kustomization, validating each object against its kind's schema (throws on the first bad one). */
function render(path: string): Rendered {
  const text = execFileSync('kubectl', ['kustomize', join(root, path)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const documents = parseAllDocuments(text).map((document) => document.toJS() as unknown).filter((object) => object !== null);
  const all = documents.map((object) => {
    const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
    const model = modelOf.get(`${apiVersion}/${kind}`);
    if (kind === 'Secret') throw new Error(`${path}: Secret "${metadata.name}" is rendered, but secret values never go into git: create it as docs/operations.md says`);
    const check = handChecked.get(`${apiVersion}/${kind}`);
    if (check) {
      try {
        return check(object) as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
      } catch (error) {
        throw new Error(`${path}: ${kind} "${metadata.name}" breaks its shape: ${(error as Error).message}`);
      }
    }
    if (!model) throw new Error(`${path}: ${apiVersion} ${kind} "${metadata.name}" has no schema in this test: add its model, or do not render it`);
    const instance = new model(object as never);
    try {
      instance.validate();
    } catch (error) {
      throw new Error(`${path}: ${kind} "${metadata.name}" breaks its schema: ${(error as Error).message}`);
    }
    return instance as typeof instance & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
  });
  const of = <T>(model: { kind: string }) => all.filter((object) => object.kind === model.kind) as unknown as T[];
  return {
    all,
    deployments: of<Deployment>(Deployment),
    jobs: of<Job>(Job),
    services: of<Service>(Service),
    configMaps: of<ConfigMap>(ConfigMap),
    serviceAccounts: of<ServiceAccount>(ServiceAccount),
    autoscalers: of<HorizontalPodAutoscaler>(HorizontalPodAutoscaler),
    budgets: of<PodDisruptionBudget>(PodDisruptionBudget),
    policies: of<NetworkPolicy>(NetworkPolicy),
    topics: of<KafkaTopic>(KafkaTopic),
    users: of<KafkaUser>(KafkaUser),
    clusters: all.filter((object) => object.apiVersion === 'postgresql.cnpg.io/v1' && object.kind === 'Cluster') as unknown as CnpgCluster[],
  };
}

function selects(selector: ILabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]!);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]!);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  });
  return byLabel && byExpression;
}

/** CPU in cores, memory in bytes. */
function quantity(value: string | number | undefined): number {
  if (value === undefined) return Number.NaN;
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`unreadable quantity ${value}`);
  const factors: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  return Number(match[1]) * factors[match[2] ?? '']!;
}

const portsOf = (ports: readonly INetworkPolicyPort[] | undefined) => (ports ?? []).map((port) => port.port);

/** One service's workload as rendered: its Deployment, pod labels, container and settings. */
function workload(rendered: Rendered, service: ServiceName) {
  const deployment = rendered.deployments.find((d) => d.metadata?.name === service);
  if (!deployment) throw new Error(`no Deployment "${service}"`);
  const pod = deployment.spec!.template;
  const labels = pod.metadata?.labels ?? {};
  const [container, ...others] = pod.spec!.containers;
  expect(others, `${service}: one container per pod`).toEqual([]);
  const configMapNames = (container!.envFrom ?? []).map((source) => source.configMapRef?.name);
  const configMaps = rendered.configMaps.filter((c) => configMapNames.includes(c.metadata?.name));
  expect(configMaps.length, `${service}: every ConfigMap it reads is rendered`).toBe(configMapNames.length);
  const settings: Record<string, string> = Object.assign({}, ...configMaps.map((c) => c.data ?? {}));
  for (const variable of container!.env ?? []) if (variable.value !== undefined) settings[variable.name] = variable.value;
  const secrets = new Map((container!.env ?? []).filter((v) => v.valueFrom?.secretKeyRef).map((v) => [v.name, v.valueFrom!.secretKeyRef!]));
  return { deployment, pod, podSpec: pod.spec!, labels, container: container as IContainer, settings, secrets };
}

/** The NetworkPolicies that apply to pods with these labels in this namespace. */
function policiesFor(rendered: Rendered, labels: Record<string, string>, namespace: string | undefined) {
  return rendered.policies.filter((p) => p.metadata?.namespace === namespace && selects(p.spec!.podSelector, labels));
}

/** A peer in the same namespace whose pods carry these labels. */
const reachesPods = (peers: readonly INetworkPolicyPeer[] | undefined, labels: Record<string, string>) =>
  (peers ?? []).some((peer) => !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, labels));

// What kubectl kustomize cannot see: the Dockerfile.

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

function dockerfile(): { stages: Instruction[][]; args: Map<string, string> } {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.args.split('=');
      args.set(name, value);
    }
    stages.at(-1)?.push(instruction);
  }
  return { stages, args };
}

function entrypointsOfImage(): { entrypoints: string[]; cmd: string[] } {
  const { stages } = dockerfile();
  const runtime = stages.at(-1) ?? [];
  const label = runtime.filter((i) => i.keyword === 'LABEL').map((i) => /onewindow\.entrypoints="([^"]+)"/.exec(i.args)?.[1]).find(Boolean);
  const cmd = runtime.filter((i) => i.keyword === 'CMD').at(-1)?.args ?? '[]';
  return { entrypoints: (label ?? '').split(',').filter(Boolean), cmd: JSON.parse(cmd) as string[] };
}

describe('Dockerfile', () => {
  const { stages, args } = dockerfile();
  const build = stages[0] ?? [];
  const runtime = stages.at(-1) ?? [];
  const runs = (stage: Instruction[]) => stage.filter((i) => i.keyword === 'RUN').map((i) => i.args).join(' && ');

  it('builds in one stage and runs in another, both on a slim Node 24 base', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const from = stage[0]!.args.split(' ')[0]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
      expect(from).toMatch(/^node:24[\w.-]*-slim$/);
    }
  });

  it('installs, compiles and drops the development dependencies in the build stage', () => {
    expect(runs(build)).toMatch(/npm ci\b/);
    expect(runs(build)).toMatch(/npm run build\b/);
    expect(runs(build)).toMatch(/npm prune --omit=dev\b/);
  });

  it('copies only package.json, node_modules and dist into the runtime, and runs node from the base image as a numeric non-root user', () => {
    const copied = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copied.every((c) => c.startsWith('--from=build'))).toBe(true);
    expect(copied.map((c) => c.split(' ').at(-1)).sort()).toEqual(['./dist', './node_modules', './package.json']);
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(read('Dockerfile')).not.toMatch(/node_modules\/\.bin\/node/);
  });

  it('names every program it holds (the servers and the maintenance Jobs\' scripts), and runs the all-in-one platform by default', () => {
    const { entrypoints, cmd } = entrypointsOfImage();
    const maintenance = ['rebuild-projection', 'verify-chain'].map((script) => `dist/scripts/${script}.js`);
    expect([...entrypoints].sort()).toEqual([...['all-in-one', ...serviceNames].map((name) => `dist/services/host/${name}/main.js`), ...maintenance].sort());
    expect(cmd).toEqual(['node', 'dist/services/host/all-in-one/main.js']);
    const exposed = runtime.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(' ').map(Number));
    for (const name of serviceNames) expect(exposed).toContain(services[name].port);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!kubectl) console.warn('SKIPPED: rendering and validating k8s/ needs kubectl on PATH (it is on the project\'s machines and in CI).');

/** `console`: the target takes k8s/components/console (the supervisor console on the supervision pods). */
const targets: ReadonlyArray<{ path: string; namespace: string | undefined; environment: 'dev' | 'prod' | undefined; store: StoreName; console: boolean }> = [
  { path: 'k8s/base', namespace: undefined, environment: undefined, store: 'mongodb', console: false },
  { path: 'k8s/overlays/dev', namespace: 'onewindow-dev', environment: 'dev', store: 'mongodb', console: true },
  { path: 'k8s/overlays/prod', namespace: 'onewindow', environment: 'prod', store: 'mongodb', console: false },
  // Production on PostgreSQL (CloudNativePG): every promise of prod holds, on the other store.
  { path: 'k8s/overlays/prod-postgres', namespace: 'onewindow', environment: 'prod', store: 'postgres', console: false },
];
const CONSOLE_PORT = 8081;

/** The HorizontalPodAutoscaler that scales a Deployment, if any. */
const autoscalerOf = (rendered: Rendered, deployment: Deployment) =>
  rendered.autoscalers.find((h) => h.spec!.scaleTargetRef.kind === 'Deployment' && h.spec!.scaleTargetRef.name === deployment.metadata?.name);

/** The fewest pods a Deployment runs: its HPA's minReplicas when one owns the count, else its own replicas (1 if unset). */
function podsAtLeast(rendered: Rendered, deployment: Deployment): number {
  const hpa = autoscalerOf(rendered, deployment);
  return hpa ? (hpa.spec!.minReplicas ?? 1) : (deployment.spec!.replicas ?? 1);
}

for (const target of targets) {
  describe.skipIf(!kubectl)(target.path, () => {
    let rendered: Rendered;
    beforeAll(() => {
      rendered = render(target.path);
    });

    it('renders only objects of known kinds, each valid against its schema, each once', () => {
      expect(rendered.all.length).toBeGreaterThan(0);
      const keys = rendered.all.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const object of rendered.all) expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(target.namespace);
    });

    it('denies all traffic in the namespace unless a policy allows it', () => {
      const denyAll = rendered.policies.filter(
        (p) => Object.keys(p.spec!.podSelector).length === 0 && p.spec!.policyTypes?.includes('Ingress') && p.spec!.policyTypes.includes('Egress') && !p.spec!.ingress?.length && !p.spec!.egress?.length,
      );
      expect(denyAll).toHaveLength(1);
    });

    it('leaves the pod count of every autoscaled Deployment to its HorizontalPodAutoscaler', () => {
      // A replicas field (in a Deployment or an overlay's replicas transformer) would reset the
      // HPA's count at every `kubectl apply`.
      const autoscaled = rendered.deployments.filter((d) => autoscalerOf(rendered, d));
      expect(autoscaled.map((d) => d.metadata?.name).sort()).toEqual(expect.arrayContaining([...serviceNames].sort()));
      for (const deployment of autoscaled) expect(deployment.spec!.replicas, `${deployment.metadata?.name}: spec.replicas`).toBeUndefined();
    });

    it('uses only Secrets that Strimzi or CloudNativePG makes or docs/operations.md shows how to create', () => {
      const operations = read('docs/operations.md');
      const madeByStrimzi = new Set([...rendered.users.map((u) => u.metadata!.name!), 'onewindow-cluster-ca-cert']);
      // CloudNativePG makes, for each Cluster, the owner's credentials and the server CA.
      const madeByCloudNativePG = new Set(rendered.clusters.flatMap((c) => [`${c.metadata.name}-app`, `${c.metadata.name}-ca`]));
      for (const deployment of rendered.deployments) {
        const pod = deployment.spec!.template.spec!;
        const references = [
          ...pod.containers.flatMap((c) => (c.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef] : []))),
          ...(pod.volumes ?? []).flatMap((v) => (v.secret ? [{ name: v.secret.secretName!, key: v.secret.items?.[0]?.key ?? '' }] : [])),
        ];
        for (const { name = '', key } of references) {
          if (madeByStrimzi.has(name) || madeByCloudNativePG.has(name)) continue;
          expect(operations, `docs/operations.md shows how to create Secret ${name}`).toContain(`create secret generic ${name}`);
          expect(operations, `docs/operations.md names key ${key} of Secret ${name}`).toContain(`${key}=`);
        }
      }
    });

    describe.each(serviceNames)('%s', (service) => {
      const { port } = services[service];

      it('runs its own program from the image, as a hardened, non-root, read-only container', () => {
        const { podSpec, container } = workload(rendered, service);
        const { entrypoints } = entrypointsOfImage();
        const commandLine = [...(container.command ?? []), ...(container.args ?? [])];
        expect(commandLine).toEqual(['node', `dist/services/host/${service}/main.js`]);
        expect(entrypoints).toContain(commandLine[1]);
        const uid = Number((dockerfile().stages.at(-1)!.filter((i) => i.keyword === 'USER').at(-1)?.args ?? '').split(':')[0]);
        expect(podSpec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, seccompProfile: { type: 'RuntimeDefault' } });
        expect(podSpec.securityContext?.runAsGroup).toBeGreaterThan(0);
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
        expect(container.securityContext?.capabilities?.drop).toContain('ALL');
        expect(container.securityContext?.capabilities?.add ?? []).toEqual([]);
        expect(podSpec.automountServiceAccountToken).toBe(false);
        expect(rendered.serviceAccounts.map((a) => a.metadata?.name)).toContain(podSpec.serviceAccountName);
      });

      it('writes only to emptyDirs: its data directory and /tmp', () => {
        const { podSpec, container, settings } = workload(rendered, service);
        const emptyDirs = new Set((podSpec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
        for (const path of [settings['OW_DATA_DIR'], '/tmp']) {
          const mount = container.volumeMounts?.find((m) => m.mountPath === path);
          expect(mount && emptyDirs.has(mount.name), `${path} is an emptyDir`).toBe(true);
        }
        for (const mount of container.volumeMounts ?? []) if (!emptyDirs.has(mount.name)) expect(mount.readOnly, mount.mountPath).toBe(true);
      });

      it('is probed over gRPC health on its own port, which its Service exposes as "grpc"', () => {
        const { container, settings, labels, deployment } = workload(rendered, service);
        expect(settings[`OW_${service.toUpperCase()}_PORT`]).toBe(String(port));
        // The supervision pods serve the console too, where the target takes it (checked below).
        const console = target.console && service === 'supervision';
        expect(container.ports!.filter((p) => !console || p.name !== 'console')).toEqual([expect.objectContaining({ name: 'grpc', containerPort: port })]);
        for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) expect(probe?.grpc?.port).toBe(port);
        const exposing = rendered.services.filter((s) => s.metadata?.namespace === deployment.metadata?.namespace && Object.keys(s.spec?.selector ?? {}).length && selects({ matchLabels: s.spec!.selector! }, labels) && !(console && s.metadata?.name === 'console'));
        expect(exposing).toHaveLength(1);
        expect(exposing[0]!.spec!.type ?? 'ClusterIP').toBe('ClusterIP');
        expect(exposing[0]!.spec!.ports).toEqual([expect.objectContaining({ name: 'grpc', port, appProtocol: 'grpc', targetPort: 'grpc' })]);
      });

      it('has requests and limits for CPU and memory, requests within limits', () => {
        const { resources } = workload(rendered, service).container;
        for (const resource of ['cpu', 'memory']) {
          const request = quantity(resources?.requests?.[resource]);
          const limit = quantity(resources?.limits?.[resource]);
          expect(request, `${resource} request`).toBeGreaterThan(0);
          expect(limit, `${resource} limit`).toBeGreaterThanOrEqual(request);
        }
      });

      it('is given longer to stop than the preStop pause and its drain (OW_SHUTDOWN_GRACE_MS) take', () => {
        const { podSpec, container, settings } = workload(rendered, service);
        const drainMs = Number(settings['OW_SHUTDOWN_GRACE_MS']);
        const pauseMs = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
        expect(drainMs).toBeGreaterThan(0);
        expect(podSpec.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(drainMs + pauseMs);
      });

      it('is configured for distributed mode with settings the service accepts, secrets only from Secrets', () => {
        const { settings, secrets, podSpec, container } = workload(rendered, service);
        expect(settings).toMatchObject({
          OW_SERVICES: service,
          OW_HOST: '0.0.0.0',
          OW_BUS: 'kafka',
          OW_STORE: target.store,
          OW_KAFKA_BROKERS: 'onewindow-kafka-bootstrap:9093',
          OW_KAFKA_CREATE_TOPICS: 'false',
          OW_KAFKA_SSL: 'true',
          OW_KAFKA_SASL_MECHANISM: 'scram-sha-512',
          OTEL_SERVICE_NAME: `onewindow-${service}`,
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        });
        if (target.environment) expect(settings['OTEL_RESOURCE_ATTRIBUTES']?.split(',')).toContain(`deployment.environment=${target.environment}`);
        const known = new Set(Object.keys(configurationSpec));
        for (const name of Object.keys(settings).filter((n) => n.startsWith('OW_'))) expect(known, `${name} is a OneWindow setting`).toContain(name);
        const secretSettings = Object.entries(configurationSpec).filter(([, spec]) => /\bsecret\b/i.test((spec as { desc?: string }).desc ?? '')).map(([name]) => name);
        for (const name of secretSettings) expect(Object.keys(settings), `${name} comes from a Secret`).not.toContain(name);
        for (const name of [stores[target.store].urlVariable, 'OW_KAFKA_SASL_PASSWORD']) expect(secrets.has(name), `${name} from a Secret`).toBe(true);
        // The other store's URL is not asked for: its Secret would not exist.
        for (const [name, store] of Object.entries(stores)) if (name !== target.store) expect(secrets.has(store.urlVariable), `no ${store.urlVariable}`).toBe(false);
        // The brokers' CA, for OW_KAFKA_SSL: a file of a mounted Secret volume.
        const caVolume = podSpec.volumes?.find((v) => v.secret?.secretName === 'onewindow-cluster-ca-cert');
        const caMount = container.volumeMounts?.find((m) => m.name === caVolume?.name);
        const kafkaCa = `${caMount?.mountPath}/${caVolume?.secret?.items?.[0]?.path}`;
        if (!podSpec.initContainers?.length) expect(settings['NODE_EXTRA_CA_CERTS']).toBe(kafkaCa);
        else {
          // Or a bundle that an init container of the pod writes from it (and another CA) before the service starts.
          const [directory, file] = [settings['NODE_EXTRA_CA_CERTS']!.replace(/\/[^/]+$/, ''), basename(settings['NODE_EXTRA_CA_CERTS']!)];
          const writer = podSpec.initContainers.find((c) => c.volumeMounts?.some((m) => m.mountPath === directory && !m.readOnly));
          expect(writer, `an init container writes ${directory}`).toBeDefined();
          const script = [...(writer!.command ?? []), ...(writer!.args ?? [])].join(' ');
          expect(script).toContain(kafkaCa);
          expect(script).toContain(`> ${directory}/${file}`);
          expect(writer!.volumeMounts?.find((m) => m.mountPath === caMount?.mountPath)?.name).toBe(caMount?.name);
          expect(container.volumeMounts?.find((m) => m.mountPath === directory)).toMatchObject({ readOnly: true });
        }
        // The service's own rules (envalid and the cross-checks), with sample values for the secrets.
        const samples: Record<string, string> = {
          OW_MONGO_URL: stores.mongodb.sampleUrl,
          OW_POSTGRES_URL: stores.postgres.sampleUrl,
          OW_KAFKA_SASL_PASSWORD: 'sample',
          OW_HOLDER_KEY: Buffer.alloc(32, 7).toString('base64'),
          OW_PII_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
          OW_NOTIFICATION_WEBHOOK_AUTHORIZATION: 'Bearer sample',
        };
        // An optional Secret may be missing: the service must start without it.
        const required = [...secrets].filter(([, ref]) => !ref.optional).map(([name]) => name);
        const environment = { ...settings, ...Object.fromEntries(required.map((name) => [name, samples[name] ?? 'sample'])) };
        expect(() => loadConfiguration(environment)).not.toThrow();
      });

      it('authenticates to Kafka as its own KafkaUser, allowed to write only its own topics', () => {
        const { settings, secrets } = workload(rendered, service);
        const user = rendered.users.find((u) => u.metadata?.name === settings['OW_KAFKA_SASL_USERNAME']);
        expect(user, 'a KafkaUser named as OW_KAFKA_SASL_USERNAME').toBeDefined();
        expect(secrets.get('OW_KAFKA_SASL_PASSWORD')).toEqual({ name: user!.metadata!.name, key: 'password' });
        expect(user!.spec!.authentication?.type).toBe('scram-sha-512');
        const acls = user!.spec!.authorization?.type === 'simple' ? user!.spec!.authorization.acls : [];
        const written = acls.filter((acl) => acl.operations?.includes('Write')).map((acl) => `${acl.resource.type}:${'name' in acl.resource ? acl.resource.name : ''}:${'patternType' in acl.resource ? acl.resource.patternType : ''}`);
        expect(written.sort()).toEqual([`topic:onewindow.${service}.v1:literal`, `topic:${deadLetterTopicOf(service)}:literal`].sort());
        const topicNames = rendered.topics.map((t) => t.spec?.topicName);
        expect(topicNames).toContain(`onewindow.${service}.v1`);
        expect(topicNames).toContain(deadLetterTopicOf(service));
      });

      it('is scaled on CPU by an HPA, never beyond the partitions of a topic', () => {
        const { deployment } = workload(rendered, service);
        const partitions = Math.min(...rendered.topics.filter((t) => !t.spec?.topicName?.includes('dead-letter')).map((t) => t.spec!.partitions!));
        const hpas = rendered.autoscalers.filter((h) => h.spec!.scaleTargetRef.kind === 'Deployment' && h.spec!.scaleTargetRef.name === service);
        expect(hpas).toHaveLength(1);
        const { minReplicas = 1, maxReplicas, metrics = [] } = hpas[0]!.spec!;
        expect(metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')).toBe(true);
        expect(minReplicas).toBeLessThanOrEqual(maxReplicas);
        expect(maxReplicas).toBeLessThanOrEqual(partitions);
        // The HPA alone sets the count (between minReplicas and maxReplicas): see also 'leaves the pod count ...'.
        expect(deployment.spec!.replicas, 'no spec.replicas beside an HPA').toBeUndefined();
      });

      it('has a disruption budget that lets a node drain and keeps pods serving', () => {
        const { labels, deployment } = workload(rendered, service);
        const budgets = rendered.budgets.filter((b) => selects(b.spec!.selector, labels));
        expect(budgets).toHaveLength(1);
        const { minAvailable, maxUnavailable } = budgets[0]!.spec!;
        // At the fewest pods the HPA keeps, and at the most it makes.
        for (const replicas of [podsAtLeast(rendered, deployment), autoscalerOf(rendered, deployment)?.spec!.maxReplicas ?? podsAtLeast(rendered, deployment)]) {
          const available = maxUnavailable !== undefined ? replicas - Number(maxUnavailable) : Number(minAvailable);
          expect(replicas - available, 'pods a drain may evict').toBeGreaterThanOrEqual(1);
          if (replicas > 1) expect(available, 'pods left serving').toBeGreaterThanOrEqual(replicas - 1);
        }
      });

      it('is spread over nodes', () => {
        const { podSpec, labels } = workload(rendered, service);
        const spread = (podSpec.topologySpreadConstraints ?? []).filter((c) => c.topologyKey === 'kubernetes.io/hostname' && selects(c.labelSelector, labels));
        const apart = (podSpec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((a) => selects(a.podAffinityTerm.labelSelector, labels));
        expect(spread.length + apart.length).toBeGreaterThan(0);
      });

      it('accepts connections only on its gRPC port (and the console\'s, where it serves it), from the gateway', () => {
        const { labels, deployment } = workload(rendered, service);
        const applying = policiesFor(rendered, labels, deployment.metadata?.namespace);
        expect(applying.filter((p) => Object.keys(p.spec!.podSelector).length > 0), 'a NetworkPolicy of its own').not.toHaveLength(0);
        const ingress = applying.filter((p) => p.spec!.policyTypes?.includes('Ingress')).flatMap((p) => p.spec!.ingress ?? []);
        expect(ingress).not.toHaveLength(0);
        const ports = target.console && service === 'supervision' ? [[port], [CONSOLE_PORT]] : [[port]];
        for (const rule of ingress) {
          expect(rule.from?.length, 'ingress from named peers only').toBeGreaterThan(0);
          expect(ports).toContainEqual(portsOf(rule.ports));
          for (const peer of rule.from ?? []) expect(peer.ipBlock, 'no ingress by address').toBeUndefined();
        }
      });

      it('connects only to DNS, Kafka, its store and the collector (and its gateways; the console to acceptance), never anywhere on any port', () => {
        const { labels, deployment } = workload(rendered, service);
        const applying = policiesFor(rendered, labels, deployment.metadata?.namespace);
        const egress = applying.filter((p) => p.spec!.policyTypes?.includes('Egress')).flatMap((p) => p.spec!.egress ?? []);
        for (const rule of egress) {
          expect(rule.to?.length, 'egress to named peers only').toBeGreaterThan(0);
          expect(rule.ports?.length, 'egress on named ports only').toBeGreaterThan(0);
        }
        const store = stores[target.store];
        // The console on the supervision pods reads a case's history from acceptance's gRPC API.
        const consolePorts = target.console && service === 'supervision' ? [services.acceptance.port] : [];
        expect(new Set(egress.flatMap((rule) => portsOf(rule.ports)))).toEqual(new Set([...commonEgressPorts, store.port, ...services[service].externalPorts, ...consolePorts]));
        const collector = rendered.deployments.find((d) => d.metadata?.name === 'otel-collector')!.spec!.template.metadata!.labels!;
        expect(egress.some((rule) => reachesPods(rule.to, collector) && portsOf(rule.ports).includes(4317)), 'to the collector').toBe(true);
        expect(egress.some((rule) => reachesPods(rule.to, { 'strimzi.io/cluster': 'onewindow', 'strimzi.io/kind': 'Kafka' }) && portsOf(rule.ports).includes(9093)), 'to the brokers').toBe(true);
        expect(egress.some((rule) => reachesPods(rule.to, store.pods(rendered)) && portsOf(rule.ports).includes(store.port)), `to ${target.store}`).toBe(true);
      });

      it('is let in by the collector and by its store', () => {
        const { labels, deployment } = workload(rendered, service);
        const admits = (podLabels: Record<string, string>, port: number) =>
          policiesFor(rendered, podLabels, deployment.metadata?.namespace)
            .flatMap((p) => p.spec!.ingress ?? [])
            .some((rule) => reachesPods(rule.from, labels) && portsOf(rule.ports).includes(port));
        const collector = rendered.deployments.find((d) => d.metadata?.name === 'otel-collector')!.spec!.template.metadata!.labels!;
        expect(admits(collector, 4317), 'collector, OTLP/gRPC').toBe(true);
        expect(admits(stores[target.store].pods(rendered), stores[target.store].port), target.store).toBe(true);
      });

      it('sends telemetry to the collector Service', () => {
        const { settings } = workload(rendered, service);
        const endpoint = new URL(settings['OTEL_EXPORTER_OTLP_ENDPOINT']!);
        const collectorService = rendered.services.find((s) => s.metadata?.name === endpoint.hostname);
        expect(collectorService?.spec?.ports?.map((p) => p.port)).toContain(Number(endpoint.port));
      });
    });

    it.runIf(target.console)('serves the supervisor console from the supervision pods, on its own port and Service, reaching acceptance', () => {
      const { settings, container, labels, deployment } = workload(rendered, 'supervision');
      expect(settings).toMatchObject({ OW_CONSOLE_PORT: String(CONSOLE_PORT), OW_CONSOLE_ENDPOINTS: `acceptance=acceptance:${services.acceptance.port}` });
      expect(container.ports).toContainEqual(expect.objectContaining({ name: 'console', containerPort: CONSOLE_PORT }));
      const consoleService = rendered.services.find((s) => s.metadata?.name === 'console');
      expect(selects({ matchLabels: consoleService?.spec?.selector ?? {} }, labels), 'the Service "console" selects the supervision pods').toBe(true);
      expect(consoleService?.spec?.ports).toContainEqual(expect.objectContaining({ port: CONSOLE_PORT, targetPort: 'console' }));
      // The address it calls acceptance at is acceptance's Service, whose pods let the supervision pods in.
      const acceptanceService = rendered.services.find((s) => s.metadata?.name === 'acceptance');
      expect(acceptanceService?.spec?.ports?.map((p) => p.port)).toContain(services.acceptance.port);
      const acceptance = workload(rendered, 'acceptance');
      const admitted = policiesFor(rendered, acceptance.labels, acceptance.deployment.metadata?.namespace)
        .flatMap((p) => p.spec!.ingress ?? [])
        .some((rule) => reachesPods(rule.from, labels) && portsOf(rule.ports).includes(services.acceptance.port));
      expect(admitted, 'acceptance lets the supervision pods in').toBe(true);
      expect(deployment.metadata?.namespace).toBe(target.namespace);
    });

    it('runs a hardened OpenTelemetry Collector pinned to a version, configured as the services expect', () => {
      const collector = rendered.deployments.find((d) => d.metadata?.name === 'otel-collector')!;
      const pod = collector.spec!.template.spec!;
      const [container] = pod.containers;
      expect(container!.image).toMatch(/^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container!.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container!.resources?.limits?.['memory']).toBeDefined();
      const configMap = rendered.configMaps.find((c) => c.metadata?.name === pod.volumes?.find((v) => v.configMap)?.configMap?.name);
      const config = parse(configMap!.data!['config.yaml']!) as { receivers: { otlp: { protocols: Record<string, { endpoint: string }> } }; exporters: Record<string, { endpoint?: string }> };
      const ports = (container!.ports ?? []).map((p) => p.containerPort);
      expect(ports).toContain(Number(config.receivers.otlp.protocols['grpc']!.endpoint.split(':').at(-1)));
      expect(ports).toContain(Number(config.exporters['prometheus']!.endpoint!.split(':').at(-1)));
      const policy = policiesFor(rendered, collector.spec!.template.metadata!.labels!, collector.metadata?.namespace);
      for (const rule of policy.flatMap((p) => p.spec!.egress ?? [])) expect(rule.ports?.length, 'collector egress on named ports').toBeGreaterThan(0);
    });

    if (target.environment === 'prod') {
      it('runs at least three pods per service, with pinned images', () => {
        for (const service of serviceNames) {
          expect(podsAtLeast(rendered, workload(rendered, service).deployment)).toBeGreaterThanOrEqual(3);
        }
        for (const deployment of rendered.deployments) {
          for (const container of deployment.spec!.template.spec!.containers) {
            expect(container.image, `${deployment.metadata?.name} names a registry and a tag`).toMatch(/^[^:]+\/[^:]+:(?!latest$)[\w.-]+$/);
          }
        }
      });

      it('keeps three copies of every event, two of them in sync', () => {
        for (const topic of rendered.topics) {
          expect(topic.spec!.replicas).toBe(3);
          expect((topic.spec!.config as Record<string, string> | undefined)?.['min.insync.replicas']).toBe('2');
        }
      });
    }

    if (target.store === 'mongodb') {
      it('runs no PostgreSQL cluster', () => {
        expect(rendered.clusters).toEqual([]);
      });
    }

    if (target.store === 'postgres') {
      it('runs a CloudNativePG cluster of three instances or more on separate nodes, with a synchronous standby and the C collation', () => {
        const cluster = onlyCluster(rendered);
        expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
        expect(cluster.kind).toBe('Cluster');
        expect(cluster.metadata.namespace).toBe(target.namespace);
        const { instances, bootstrap, postgresql, affinity, minSyncReplicas = 0, maxSyncReplicas = 0 } = cluster.spec;
        expect(instances).toBeGreaterThanOrEqual(3);
        // Every acknowledged commit is on a standby too, in the form of CloudNativePG 1.24 and later
        // (postgresql.synchronous) or the older one (minSyncReplicas / maxSyncReplicas).
        const synchronous = postgresql?.synchronous;
        const syncStandbys = synchronous ? synchronous.number! : minSyncReplicas;
        expect(syncStandbys, 'synchronous standbys').toBeGreaterThanOrEqual(1);
        if (synchronous) expect(synchronous.dataDurability ?? 'required', 'writes wait rather than go on without a copy').toBe('required');
        else expect(maxSyncReplicas).toBeGreaterThanOrEqual(minSyncReplicas);
        // ...and losing one standby does not stop the writes.
        expect(syncStandbys, 'a standby may be lost').toBeLessThanOrEqual(instances - 2);
        // The byte order the embedded store and MongoDB sort strings in (docs/operations.md, "Choose a store").
        expect(bootstrap?.initdb).toMatchObject({ database: 'onewindow', owner: 'onewindow', localeCollate: 'C', localeCType: 'C' });
        expect(affinity, 'never two instances on one node').toMatchObject({ topologyKey: 'kubernetes.io/hostname', podAntiAffinityType: 'required' });
        expect(affinity?.enablePodAntiAffinity ?? true).toBe(true);
        expect(cluster.spec.enableSuperuserAccess ?? false, 'no superuser over the network').toBe(false);
      });

      it('allows as many connections as every pod at the HPA ceiling, in a rolling update, and a maintenance Job per service open', () => {
        const cluster = onlyCluster(rendered);
        // Pools per process, as the setting's description (docs/configuration.md) counts them.
        const poolSize = configurationSpec.OW_POSTGRES_POOL_SIZE as unknown as { desc: string; default: number };
        expect(poolSize.desc).toMatch(/five pools per service/);
        const poolsPerProcess = 5;
        let needed = 3; // superuser_reserved_connections, PostgreSQL's default
        for (const service of serviceNames) {
          const { deployment, settings } = workload(rendered, service);
          const maxReplicas = autoscalerOf(rendered, deployment)!.spec!.maxReplicas;
          const surge = deployment.spec!.strategy?.rollingUpdate?.maxSurge ?? '25%';
          const surgePods = typeof surge === 'number' ? surge : Math.ceil((maxReplicas * Number.parseInt(surge, 10)) / 100);
          const connections = Number(settings['OW_POSTGRES_POOL_SIZE'] ?? poolSize.default);
          needed += (maxReplicas + surgePods + 1) * poolsPerProcess * connections;
        }
        expect(Number(cluster.spec.postgresql?.parameters?.['max_connections']), 'max_connections').toBeGreaterThanOrEqual(needed);
      });

      it('gives every service OW_POSTGRES_URL from the Secret CloudNativePG makes for the owner, over TLS checked against its CA', () => {
        const cluster = onlyCluster(rendered);
        for (const service of serviceNames) {
          const { settings, secrets, podSpec, container } = workload(rendered, service);
          expect(secrets.get('OW_POSTGRES_URL'), service).toEqual({ name: `${cluster.metadata.name}-app`, key: 'uri' });
          expect(settings['PGSSLMODE'], service).toBe('verify-full');
          // The server CA (CloudNativePG's Secret) goes into the bundle NODE_EXTRA_CA_CERTS names,
          // which an init container writes: the same image as the service, hardened alike.
          const caVolume = podSpec.volumes?.find((v) => v.secret?.secretName === `${cluster.metadata.name}-ca`);
          expect(caVolume?.secret?.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
          const bundle = settings['NODE_EXTRA_CA_CERTS']!;
          const bundleDirectory = bundle.replace(/\/[^/]+$/, '');
          const writer = podSpec.initContainers?.find((c) => c.volumeMounts?.some((m) => m.mountPath === bundleDirectory && !m.readOnly));
          const caMount = writer?.volumeMounts?.find((m) => m.name === caVolume?.name);
          expect(caMount?.readOnly).toBe(true);
          expect([...(writer!.command ?? []), ...(writer!.args ?? [])].join(' ')).toContain(`${caMount!.mountPath}/ca.crt`);
          expect(writer!.image).toBe(container.image);
          expect(writer!.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
          expect(quantity(writer!.resources?.limits?.['memory'])).toBeGreaterThan(0);
          const bundleVolume = podSpec.volumes?.find((v) => v.name === writer!.volumeMounts!.find((m) => m.mountPath === bundleDirectory)!.name);
          expect(bundleVolume?.emptyDir, 'the bundle is written to an emptyDir').toBeDefined();
        }
        // CloudNativePG's uri names no sslmode: node-postgres must then take TLS (verified) from PGSSLMODE.
        const previous = process.env['PGSSLMODE'];
        process.env['PGSSLMODE'] = 'verify-full';
        try {
          expect(new pg.Client({ connectionString: stores.postgres.sampleUrl }).ssl).toBe(true);
        } finally {
          if (previous === undefined) delete process.env['PGSSLMODE'];
          else process.env['PGSSLMODE'] = previous;
        }
      });

      it('lets the PostgreSQL pods replicate and the operator reach them, and has no MongoDB rules left', () => {
        const pods = stores.postgres.pods(rendered);
        const ingress = policiesFor(rendered, pods, target.namespace).flatMap((p) => p.spec!.ingress ?? []);
        for (const rule of ingress) expect(rule.from?.length, 'ingress from named peers only').toBeGreaterThan(0);
        expect(ingress.some((rule) => reachesPods(rule.from, pods) && portsOf(rule.ports).includes(5432)), 'replication').toBe(true);
        const fromOperator = ingress.filter((rule) => (rule.from ?? []).some((peer) => peer.namespaceSelector && selects(peer.podSelector, { 'app.kubernetes.io/name': 'cloudnative-pg' })));
        expect(fromOperator.flatMap((rule) => portsOf(rule.ports)), 'the operator: status and PostgreSQL').toEqual(expect.arrayContaining([8000, 5432]));
        // (The namespace's default deny selects every pod; no other policy is about MongoDB's.)
        const aboutMongo = rendered.policies.filter((p) => Object.keys(p.spec!.podSelector).length > 0 && selects(p.spec!.podSelector, { 'app.kubernetes.io/name': 'mongodb' }));
        expect(aboutMongo.map((p) => p.metadata?.name)).toEqual([]);
      });
    }

    if (target.environment === 'dev') {
      it('runs one pod per service with debug logs, on one broker', () => {
        for (const service of serviceNames) {
          const { deployment, settings } = workload(rendered, service);
          expect(podsAtLeast(rendered, deployment)).toBe(1);
          expect(settings['OW_LOG_LEVEL']).toBe('debug');
        }
        for (const topic of rendered.topics) {
          expect(topic.spec!.replicas).toBe(1);
          expect((topic.spec!.config as Record<string, string> | undefined)?.['min.insync.replicas']).toBe('1');
        }
      });
    }
  });
}

/**
 * The maintenance Jobs (k8s/jobs/<job>/<overlay>): applied by hand, after the overlay, never by it.
 * Each runs a program of the image in the pod of its service, as the overlay renders it.
 */
const jobKinds = {
  'verify-chain': { source: 'scripts/verify-chain.ts', argsOf: (service: ServiceName) => ['--service', service], fatalExitCodes: [1, 2] },
  // As committed, a rebuild Job only lists the projections: the operator names them (k8s/jobs/rebuild/<overlay>/kustomization.yaml).
  rebuild: { source: 'scripts/rebuild-projection.ts', argsOf: (service: ServiceName) => [service], fatalExitCodes: [2, 64, 78] },
} as const;
const jobTargets = (Object.keys(jobKinds) as Array<keyof typeof jobKinds>).flatMap((kind) =>
  targets.filter((t) => t.path.startsWith('k8s/overlays/')).map((overlay) => ({ kind, overlay, path: `k8s/jobs/${kind}/${basename(overlay.path)}` })),
);

/** Where tsconfig.build.json (`npm run build`, the image's dist/) puts the JavaScript of a source file; undefined if it does not build it. */
function builtFileOf(source: string): string | undefined {
  const config = JSON.parse(read('tsconfig.build.json').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: { outDir: string; rootDir: string }; include: string[] };
  const included = config.include.some((entry) => source === entry || source.startsWith(`${entry.replace(/\/$/, '')}/`));
  if (!included || config.compilerOptions.rootDir !== '.' || /\.(test|contract)\.ts$/.test(source)) return undefined;
  return `${config.compilerOptions.outDir}/${source.replace(/\.ts$/, '.js')}`;
}

/** The Secrets (and keys) a pod reads: variables of its containers and init containers, and Secret volumes. */
const secretReferencesOf = (pod: IPodSpec) =>
  [
    ...[...pod.containers, ...(pod.initContainers ?? [])].flatMap((c) => (c.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [`${v.valueFrom.secretKeyRef.name}:${v.valueFrom.secretKeyRef.key}`] : []))),
    ...(pod.volumes ?? []).flatMap((v) => (v.secret ? [`${v.secret.secretName}:${(v.secret.items ?? []).map((i) => i.key).join(',')}`] : [])),
  ].sort();

for (const target of jobTargets) {
  describe.skipIf(!kubectl)(target.path, () => {
    let jobs: Rendered;
    let overlay: Rendered;
    beforeAll(() => {
      jobs = render(target.path);
      overlay = render(target.overlay.path);
    });

    it('is not part of the overlay: applying the overlay runs no Job', () => {
      expect(overlay.jobs).toEqual([]);
    });

    it("renders one Job per service, their network rules and the services' ConfigMaps as the overlay renders them, nothing else", () => {
      expect(new Set(jobs.all.map((o) => o.kind))).toEqual(new Set(['Job', 'NetworkPolicy', 'ConfigMap']));
      expect(jobs.jobs.map((j) => j.metadata?.name).sort()).toEqual(serviceNames.map((s) => `${target.kind}-${s}`).sort());
      for (const object of jobs.all) expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(target.overlay.namespace);
      for (const configMap of jobs.configMaps) {
        const same = overlay.configMaps.find((c) => c.metadata?.name === configMap.metadata?.name);
        expect(same, `${configMap.metadata?.name}: the overlay's, by the same hashed name`).toBeDefined();
        expect(configMap.data).toEqual(same!.data);
      }
    });

    describe.each(serviceNames)('%s', (service) => {
      const jobOf = () => {
        const job = jobs.jobs.find((j) => j.metadata?.name === `${target.kind}-${service}`);
        if (!job) throw new Error(`no Job "${target.kind}-${service}"`);
        const pod = job.spec!.template.spec!;
        const [container, ...others] = pod.containers;
        expect(others, 'one container').toEqual([]);
        return { job, pod, container: container as IContainer, labels: job.spec!.template.metadata?.labels ?? {} };
      };

      it("runs in its service's pod: the same image, settings, Secrets, volumes, account and hardening", () => {
        const { pod, container } = jobOf();
        const { podSpec: servicePod, container: serviceContainer } = workload(overlay, service);
        for (const field of ['image', 'imagePullPolicy', 'env', 'envFrom', 'volumeMounts', 'resources', 'securityContext'] as const) expect(container[field], field).toEqual(serviceContainer[field]);
        for (const field of ['serviceAccountName', 'automountServiceAccountToken', 'enableServiceLinks', 'securityContext', 'volumes', 'initContainers', 'terminationGracePeriodSeconds'] as const) {
          expect(pod[field], field).toEqual(servicePod[field]);
        }
        // Secrets are referenced, never rendered (render() refuses a Secret): the service's own.
        expect(secretReferencesOf(pod)).toEqual(secretReferencesOf(servicePod));
        expect(secretReferencesOf(pod).some((ref) => ref.startsWith('onewindow-personal-data-key:'))).toBe(true);
        const storeUrl = (container.env ?? []).find((v) => v.name === stores[target.overlay.store].urlVariable);
        expect(storeUrl?.valueFrom?.secretKeyRef, `${stores[target.overlay.store].urlVariable} from a Secret`).toBeDefined();
        const configMap = jobs.configMaps.find((c) => c.metadata?.name === container.envFrom?.[0]?.configMapRef?.name);
        expect(configMap?.data?.['OW_SERVICES']).toBe(service);
      });

      it('runs a program the image holds, once', () => {
        const { job, pod, container } = jobOf();
        const { source, argsOf, fatalExitCodes } = jobKinds[target.kind];
        expect(existsSync(join(root, source)), source).toBe(true);
        // Not among the image's entry points label (the Dockerfile names the servers), but compiled
        // into the dist/ the runtime stage copies (see 'copies only package.json, node_modules and dist').
        const built = builtFileOf(source);
        expect(built, `tsconfig.build.json compiles ${source}`).toBeDefined();
        expect([...(container.command ?? []), ...(container.args ?? [])]).toEqual(['node', built, ...argsOf(service)]);
        expect(pod.restartPolicy).toBe('Never');
        for (const field of ['ports', 'startupProbe', 'readinessProbe', 'livenessProbe', 'lifecycle'] as const) expect(container[field], field).toBeUndefined();
        expect(pod.topologySpreadConstraints).toBeUndefined();
        expect(job.spec!.backoffLimit).toBeLessThanOrEqual(3);
        expect(job.spec!.ttlSecondsAfterFinished, 'kept a while for its log, then removed').toBeGreaterThanOrEqual(86_400);
        const failing = (job.spec!.podFailurePolicy?.rules ?? []).filter((rule) => rule.action === 'FailJob').flatMap((rule) => rule.onExitCodes?.values ?? []);
        expect(failing.sort(), 'exit codes that are answers, not accidents').toEqual([...fatalExitCodes].sort());
      });

      it("is none of the service's pods: no Service, budget or autoscaler counts it", () => {
        const { labels } = jobOf();
        const { deployment } = workload(overlay, service);
        expect(selects(deployment.spec!.selector, labels), 'the Deployment (and its HPA)').toBe(false);
        for (const s of overlay.services) expect(Boolean(s.spec?.selector && selects({ matchLabels: s.spec.selector }, labels)), `Service ${s.metadata?.name}`).toBe(false);
        for (const b of overlay.budgets) expect(selects(b.spec!.selector, labels), `PodDisruptionBudget ${b.metadata?.name}`).toBe(false);
      });

      it('connects where its service does, takes no connection, and is let in by the store and the collector', () => {
        const { labels } = jobOf();
        const namespace = target.overlay.namespace;
        const applying = [...policiesFor(overlay, labels, namespace), ...policiesFor(jobs, labels, namespace)];
        expect(applying.filter((p) => Object.keys(p.spec!.podSelector).length > 0), 'a NetworkPolicy of its own').not.toHaveLength(0);
        expect(applying.flatMap((p) => p.spec!.ingress ?? []), 'no ingress').toEqual([]);
        const egress = applying.filter((p) => p.spec!.policyTypes?.includes('Egress')).flatMap((p) => p.spec!.egress ?? []);
        const serviceLabels = workload(overlay, service).labels;
        // The service's own policy (what components/network copies); not the console's, which only the service's pods serve.
        const serviceEgress = policiesFor(overlay, serviceLabels, namespace).filter((p) => p.metadata?.name === service).flatMap((p) => p.spec!.egress ?? []);
        expect(egress).toEqual(serviceEgress);
        const store = stores[target.overlay.store];
        const admits = (podLabels: Record<string, string>, port: number) =>
          policiesFor(overlay, podLabels, namespace)
            .flatMap((p) => p.spec!.ingress ?? [])
            .some((rule) => reachesPods(rule.from, labels) && portsOf(rule.ports).includes(port));
        expect(admits(store.pods(overlay), store.port), target.overlay.store).toBe(true);
        const collector = overlay.deployments.find((d) => d.metadata?.name === 'otel-collector')!.spec!.template.metadata!.labels!;
        expect(admits(collector, 4317), 'collector').toBe(true);
      });
    });
  });
}

describe('infra/compose.yaml', () => {
  const compose = parse(read('infra/compose.yaml'), { merge: true }) as {
    services: Record<string, { build?: { context: string; dockerfile: string }; environment?: Record<string, string>; volumes?: string[]; command?: string[]; stop_grace_period?: string }>;
  };

  it('runs the four services from the Dockerfile in distributed mode, without TLS or SASL, with settings they accept', () => {
    for (const service of serviceNames) {
      const { build, environment = {} } = compose.services[service]!;
      expect(build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(environment).toMatchObject({ OW_SERVICES: service, OW_BUS: 'kafka', OW_STORE: 'mongodb', OW_KAFKA_SSL: 'false', OW_KAFKA_SASL_MECHANISM: '', OW_KAFKA_CREATE_TOPICS: 'true' });
      const resolved = Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value).replace(/^\$\{\w+:-(.*)\}$/, '$1')]));
      expect(() => loadConfiguration(resolved)).not.toThrow();
      const [, seconds = '0'] = /^(\d+)s$/.exec(compose.services[service]!.stop_grace_period ?? '') ?? [];
      expect(Number(seconds) * 1000, 'docker compose stop waits for the drain').toBeGreaterThan(Number(environment['OW_SHUTDOWN_GRACE_MS']));
    }
  });

  it('creates the topics from infra/kafka/topics.json, and configures the collector as in Kubernetes', () => {
    expect(compose.services['kafka-topics']!.volumes).toContain('./kafka/topics.json:/etc/onewindow/topics.json:ro');
    const mounted = compose.services['otel-collector']!.volumes!.map((v) => v.split(':')[0]!);
    for (const path of mounted) expect(existsSync(join(root, 'infra', path)), path).toBe(true);
    expect(mounted).toContain('../k8s/base/otel-collector/config.yaml');
    expect(compose.services['mongodb']!.command).toContain('--replSet');
  });
});
