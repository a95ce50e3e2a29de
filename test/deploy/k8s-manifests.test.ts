/**
 * The deployment artefacts hold together: every object `kubectl kustomize` renders from k8s/ (the
 * base and both overlays) is valid against the Kubernetes and Strimzi schemas, each service's pods
 * are hardened, probed, scaled, budgeted and fenced as docs/operations.md says, their settings pass
 * the services' own configuration rules, and the Dockerfile builds the programs the Deployments run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaTopic, KafkaUser } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
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
const commonEgressPorts = [53, 9093, 27017, 4317];

/** Every kind the manifests may hold, with its schema. A kind missing here fails the render: nothing goes unchecked. */
const models = [Deployment, Service, ConfigMap, ServiceAccount, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, KafkaTopic, KafkaUser];
const modelOf = new Map(models.map((model) => [`${model.apiVersion}/${model.kind}`, model]));

interface Rendered {
  readonly all: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>;
  readonly deployments: Deployment[];
  readonly services: Service[];
  readonly configMaps: ConfigMap[];
  readonly serviceAccounts: ServiceAccount[];
  readonly autoscalers: HorizontalPodAutoscaler[];
  readonly budgets: PodDisruptionBudget[];
  readonly policies: NetworkPolicy[];
  readonly topics: KafkaTopic[];
  readonly users: KafkaUser[];
}

/** Renders a kustomization, validating each object against its kind's schema (throws on the first bad one). */
function render(path: string): Rendered {
  const text = execFileSync('kubectl', ['kustomize', join(root, path)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const documents = parseAllDocuments(text).map((document) => document.toJS() as unknown).filter((object) => object !== null);
  const all = documents.map((object) => {
    const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
    const model = modelOf.get(`${apiVersion}/${kind}`);
    if (kind === 'Secret') throw new Error(`${path}: Secret "${metadata.name}" is rendered, but secret values never go into git: create it as docs/operations.md says`);
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
    services: of<Service>(Service),
    configMaps: of<ConfigMap>(ConfigMap),
    serviceAccounts: of<ServiceAccount>(ServiceAccount),
    autoscalers: of<HorizontalPodAutoscaler>(HorizontalPodAutoscaler),
    budgets: of<PodDisruptionBudget>(PodDisruptionBudget),
    policies: of<NetworkPolicy>(NetworkPolicy),
    topics: of<KafkaTopic>(KafkaTopic),
    users: of<KafkaUser>(KafkaUser),
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

  it('names every program it holds, and runs the all-in-one platform by default', () => {
    const { entrypoints, cmd } = entrypointsOfImage();
    expect([...entrypoints].sort()).toEqual(['all-in-one', ...serviceNames].map((name) => `dist/services/host/${name}/main.js`).sort());
    expect(cmd).toEqual(['node', 'dist/services/host/all-in-one/main.js']);
    const exposed = runtime.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(' ').map(Number));
    for (const name of serviceNames) expect(exposed).toContain(services[name].port);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!kubectl) console.warn('SKIPPED: rendering and validating k8s/ needs kubectl on PATH (it is on the project\'s machines and in CI).');

const targets = [
  { path: 'k8s/base', namespace: undefined, environment: undefined },
  { path: 'k8s/overlays/dev', namespace: 'onewindow-dev', environment: 'dev' },
  { path: 'k8s/overlays/prod', namespace: 'onewindow', environment: 'prod' },
] as const;

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

    it('uses only Secrets that Strimzi makes or docs/operations.md shows how to create', () => {
      const operations = read('docs/operations.md');
      const madeByStrimzi = new Set([...rendered.users.map((u) => u.metadata!.name!), 'onewindow-cluster-ca-cert']);
      for (const deployment of rendered.deployments) {
        const pod = deployment.spec!.template.spec!;
        const references = [
          ...pod.containers.flatMap((c) => (c.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef] : []))),
          ...(pod.volumes ?? []).flatMap((v) => (v.secret ? [{ name: v.secret.secretName!, key: v.secret.items?.[0]?.key ?? '' }] : [])),
        ];
        for (const { name = '', key } of references) {
          if (madeByStrimzi.has(name)) continue;
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
        expect(container.ports).toEqual([expect.objectContaining({ name: 'grpc', containerPort: port })]);
        for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) expect(probe?.grpc?.port).toBe(port);
        const exposing = rendered.services.filter((s) => s.metadata?.namespace === deployment.metadata?.namespace && Object.keys(s.spec?.selector ?? {}).length && selects({ matchLabels: s.spec!.selector! }, labels));
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
          OW_STORE: 'mongodb',
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
        for (const name of ['OW_MONGO_URL', 'OW_KAFKA_SASL_PASSWORD']) expect(secrets.has(name), `${name} from a Secret`).toBe(true);
        // The brokers' CA, for OW_KAFKA_SSL: a file of a mounted Secret volume.
        const caVolume = podSpec.volumes?.find((v) => v.secret?.secretName === 'onewindow-cluster-ca-cert');
        const caMount = container.volumeMounts?.find((m) => m.name === caVolume?.name);
        expect(settings['NODE_EXTRA_CA_CERTS']).toBe(`${caMount?.mountPath}/${caVolume?.secret?.items?.[0]?.path}`);
        // The service's own rules (envalid and the cross-checks), with sample values for the secrets.
        const samples: Record<string, string> = {
          OW_MONGO_URL: 'mongodb://user:password@mongodb-0,mongodb-1,mongodb-2/?replicaSet=rs0',
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
        expect(deployment.spec!.replicas).toBe(minReplicas);
      });

      it('has a disruption budget that lets a node drain and keeps pods serving', () => {
        const { labels, deployment } = workload(rendered, service);
        const budgets = rendered.budgets.filter((b) => selects(b.spec!.selector, labels));
        expect(budgets).toHaveLength(1);
        const { minAvailable, maxUnavailable } = budgets[0]!.spec!;
        const replicas = deployment.spec!.replicas!;
        const available = maxUnavailable !== undefined ? replicas - Number(maxUnavailable) : Number(minAvailable);
        expect(replicas - available, 'pods a drain may evict').toBeGreaterThanOrEqual(1);
        if (replicas > 1) expect(available, 'pods left serving').toBeGreaterThanOrEqual(replicas - 1);
      });

      it('is spread over nodes', () => {
        const { podSpec, labels } = workload(rendered, service);
        const spread = (podSpec.topologySpreadConstraints ?? []).filter((c) => c.topologyKey === 'kubernetes.io/hostname' && selects(c.labelSelector, labels));
        const apart = (podSpec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((a) => selects(a.podAffinityTerm.labelSelector, labels));
        expect(spread.length + apart.length).toBeGreaterThan(0);
      });

      it('accepts connections only on its gRPC port, from the gateway', () => {
        const { labels, deployment } = workload(rendered, service);
        const applying = policiesFor(rendered, labels, deployment.metadata?.namespace);
        expect(applying.filter((p) => Object.keys(p.spec!.podSelector).length > 0), 'a NetworkPolicy of its own').not.toHaveLength(0);
        const ingress = applying.filter((p) => p.spec!.policyTypes?.includes('Ingress')).flatMap((p) => p.spec!.ingress ?? []);
        expect(ingress).not.toHaveLength(0);
        for (const rule of ingress) {
          expect(rule.from?.length, 'ingress from named peers only').toBeGreaterThan(0);
          expect(portsOf(rule.ports)).toEqual([port]);
          for (const peer of rule.from ?? []) expect(peer.ipBlock, 'no ingress by address').toBeUndefined();
        }
      });

      it('connects only to DNS, Kafka, MongoDB and the collector (and its gateways), never anywhere on any port', () => {
        const { labels, deployment } = workload(rendered, service);
        const applying = policiesFor(rendered, labels, deployment.metadata?.namespace);
        const egress = applying.filter((p) => p.spec!.policyTypes?.includes('Egress')).flatMap((p) => p.spec!.egress ?? []);
        for (const rule of egress) {
          expect(rule.to?.length, 'egress to named peers only').toBeGreaterThan(0);
          expect(rule.ports?.length, 'egress on named ports only').toBeGreaterThan(0);
        }
        expect(new Set(egress.flatMap((rule) => portsOf(rule.ports)))).toEqual(new Set([...commonEgressPorts, ...services[service].externalPorts]));
        const collector = rendered.deployments.find((d) => d.metadata?.name === 'otel-collector')!.spec!.template.metadata!.labels!;
        expect(egress.some((rule) => reachesPods(rule.to, collector) && portsOf(rule.ports).includes(4317)), 'to the collector').toBe(true);
        expect(egress.some((rule) => reachesPods(rule.to, { 'strimzi.io/cluster': 'onewindow', 'strimzi.io/kind': 'Kafka' }) && portsOf(rule.ports).includes(9093)), 'to the brokers').toBe(true);
        expect(egress.some((rule) => reachesPods(rule.to, { 'app.kubernetes.io/name': 'mongodb' }) && portsOf(rule.ports).includes(27017)), 'to MongoDB').toBe(true);
      });

      it('is let in by the collector and by MongoDB', () => {
        const { labels, deployment } = workload(rendered, service);
        const admits = (podLabels: Record<string, string>, port: number) =>
          policiesFor(rendered, podLabels, deployment.metadata?.namespace)
            .flatMap((p) => p.spec!.ingress ?? [])
            .some((rule) => reachesPods(rule.from, labels) && portsOf(rule.ports).includes(port));
        const collector = rendered.deployments.find((d) => d.metadata?.name === 'otel-collector')!.spec!.template.metadata!.labels!;
        expect(admits(collector, 4317), 'collector, OTLP/gRPC').toBe(true);
        expect(admits({ 'app.kubernetes.io/name': 'mongodb' }, 27017), 'MongoDB').toBe(true);
      });

      it('sends telemetry to the collector Service', () => {
        const { settings } = workload(rendered, service);
        const endpoint = new URL(settings['OTEL_EXPORTER_OTLP_ENDPOINT']!);
        const collectorService = rendered.services.find((s) => s.metadata?.name === endpoint.hostname);
        expect(collectorService?.spec?.ports?.map((p) => p.port)).toContain(Number(endpoint.port));
      });
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
          expect(workload(rendered, service).deployment.spec!.replicas).toBeGreaterThanOrEqual(3);
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

    if (target.environment === 'dev') {
      it('runs one pod per service with debug logs, on one broker', () => {
        for (const service of serviceNames) {
          const { deployment, settings } = workload(rendered, service);
          expect(deployment.spec!.replicas).toBe(1);
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
