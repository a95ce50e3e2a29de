import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigMap } from 'kubernetes-models/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { onFreePorts } from '../../scripts/lib/local-platform-settings.ts';
import { RULES_FILE, prometheusRule } from '../../scripts/prometheus-rule.ts';
import { type RunningChild, startChild } from '../support/child-process.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const promtool = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
if (!promtool) process.stderr.write("\n[SKIPPED] promtool checks of the alert rules: no promtool (.ci/run installs Debian's prometheus)\n");

interface Rule { alert: string; expr: string }
const groups = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> }).groups;
const dashboard = JSON.parse(read('k8s/monitoring/onewindow-dashboard.json')) as {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; definition?: string }> };
};

/** The labels of our own a PromQL expression names (ours all start ow_; the others are OpenTelemetry's semantic conventions). */
const labelsIn = (expr: string) => [...expr.matchAll(/\bow_[a-z_]+\b/g)].map(([name]) => name);

/** The platform's metric families a PromQL expression names (ours all start onewindow_ or rpc_server_). */
const metricsIn = (expr: string) => [...expr.matchAll(/\b(?:onewindow|rpc_server)_[a-z_]+\b/g)].map(([name]) => name);

/**
 * The names the OpenTelemetry Collector's Prometheus exporter gives the families of a scrape of
 * the platform's own exporter: counters end in _total either way; a histogram in seconds gains
 * _seconds before _bucket, _count and _sum (the collector adds unit suffixes, the SDK's exporter does not).
 */
function namesViaCollector(scrape: string): Set<string> {
  const units = new Map([...scrape.matchAll(/^# UNIT (\S+) (\S+)$/gm)].map(([, name, unit]) => [name!, unit!]));
  const names = new Set<string>();
  for (const [, name, type] of scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const base = units.get(name!) === 's' ? `${name}_seconds` : name!;
    if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${base}${suffix}`);
    else names.add(base);
  }
  return names;
}

describe.skipIf(!promtool)('alert rules, checked by promtool', () => {
  const run = (...args: string[]) => execFileSync(promtool!, args, { cwd: join(root, 'infra', 'prometheus'), encoding: 'utf8' });

  it('pass `promtool check rules` and the compose Prometheus configuration `promtool check config`', () => {
    expect(run('check', 'rules', 'onewindow-alerts.yaml')).toContain(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
    expect(run('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
  });

  it('fire as their unit tests say (`promtool test rules`): dead letters, a server NOT_SERVING, server-side failures, red alerts growing', () => {
    expect(run('test', 'rules', 'onewindow-alerts.test.yaml')).toContain('SUCCESS');
  });
});

describe('alert rules and dashboard against what a running platform exports', () => {
  let platform: RunningChild;
  let exported: Set<string>;
  let exportedLabels: Set<string>;
  // A port range of its own for the threads' Prometheus exporters (base, base + 1, ...).
  const base = 20_000 + Math.floor(Math.random() * 20_000);

  beforeAll(async () => {
    platform = startChild('npm', ['start', '--silent'], {
      OW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ow-monitoring-')),
      ...onFreePorts,
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(base),
    });
    await platform.waitFor(/Try: npm run demo/, 60_000);
    // One call, so that the call-duration histogram has a point.
    const acceptance = platform.output().match(/^\s+acceptance\s+(\S+:\d+)/m)![1]!;
    await promisify(execFile)(join(root, 'node_modules', '.bin', 'buf'), ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '-d', '{}', `http://${acceptance}/onewindow.acceptance.v1.AcceptanceService/ListServiceItems`]).catch(() => undefined);
    // Each thread of the all-in-one platform serves its own exporter (base, base + 1, ...), which
    // may start listening a moment after the banner: scrape until every thread's answers.
    const banner = platform.output().match(/; (one thread|(\d) threads)\)/)!;
    const threads = banner[2] ? Number(banner[2]) : 1;
    const scrape = () => Promise.all(Array.from({ length: threads }, (_, i) => fetch(`http://127.0.0.1:${base + i}/metrics`).then((r) => r.text(), () => '')));
    let scrapes = await scrape();
    for (const start = Date.now(); scrapes.some((text) => !text.includes('# TYPE onewindow_')) && Date.now() - start < 20_000; scrapes = await scrape()) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    exported = namesViaCollector(scrapes.join('\n'));
    exportedLabels = new Set([...scrapes.join('\n').matchAll(/[{,](ow_[a-z_]+)="/g)].map(([, label]) => label!));
  }, 90_000);

  afterAll(() => platform?.killAll());

  it('scrapes the platform\'s families: servers, pipeline, cases, alerts, notifications, deadlines', () => {
    for (const family of ['onewindow_serving', 'onewindow_relay_lag', 'onewindow_bus_dead_letters_total', 'onewindow_cases', 'rpc_server_call_duration_seconds_count']) {
      expect(exported, family).toContain(family);
    }
  });

  it('has every alert rule name only metrics the platform exports', () => {
    for (const rule of groups.flatMap((g) => g.rules)) {
      expect(metricsIn(rule.expr).length, rule.alert).toBeGreaterThan(0);
      for (const metric of metricsIn(rule.expr)) expect(exported, `${rule.alert}: ${metric}`).toContain(metric);
    }
  });

  it('has every dashboard query name only metrics the platform exports', () => {
    const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
    expect(queries.length).toBeGreaterThan(10);
    for (const { panel, expr } of queries) {
      expect(metricsIn(expr).length, panel).toBeGreaterThan(0);
      for (const metric of metricsIn(expr)) expect(exported, `${panel}: ${metric}`).toContain(metric);
    }
  });

  it('has every rule, panel and dashboard variable name only labels of ours the platform exports (ow_region, ow_alert_level...)', () => {
    const expressions = [
      ...groups.flatMap((g) => g.rules).map((rule) => ({ where: rule.alert, expr: rule.expr })),
      ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: panel.title, expr: target.expr }))),
      ...dashboard.templating.list.filter((variable) => variable.definition).map((variable) => ({ where: `$${variable.name}`, expr: variable.definition! })),
    ];
    expect(expressions.flatMap(({ expr }) => labelsIn(expr))).toContain('ow_region');
    for (const { where, expr } of expressions) for (const label of labelsIn(expr)) expect(exportedLabels, `${where}: ${label}`).toContain(label);
  });
});

describe('k8s/monitoring', () => {
  const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(root, 'k8s', 'monitoring')], { encoding: 'utf8' })).map((d) => d.toJSON() as { kind: string });

  it('renders the Grafana dashboard ConfigMap and the PrometheusRule, each valid against its schema', () => {
    expect(rendered.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'PrometheusRule']);
    const configMap = new ConfigMap(rendered.find((o) => o.kind === 'ConfigMap') as ConstructorParameters<typeof ConfigMap>[0]);
    configMap.validate();
    expect(configMap.metadata?.labels?.['grafana_dashboard'], "the label Grafana's sidecar loads dashboards by").toBe('1');
    expect(JSON.parse(configMap.data!['onewindow.json']!)).toEqual(dashboard);
    const rule = new PrometheusRule(rendered.find((o) => o.kind === 'PrometheusRule') as ConstructorParameters<typeof PrometheusRule>[0]);
    rule.validate();
    expect(rule.spec.groups, 'the rules of infra/prometheus/onewindow-alerts.yaml').toEqual(groups);
  });

  it('holds the PrometheusRule `npm run monitoring:rule` makes from the rules file', () => {
    expect(read('k8s/monitoring/prometheus-rule.yaml'), 'run `npm run monitoring:rule`').toBe(prometheusRule());
  });
});
