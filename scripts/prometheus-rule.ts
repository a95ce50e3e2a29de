/**
 * `npm run monitoring:rule`: writes the Kubernetes PrometheusRule (the Prometheus operator's form of
 * the alert rules) from infra/prometheus/onewindow-alerts.yaml, the one file the rules are written
 * in, to k8s/monitoring/prometheus-rule.yaml. A test fails when the committed object is out of date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const root = join(import.meta.dirname, '..');
export const RULES_FILE = join(root, 'infra', 'prometheus', 'onewindow-alerts.yaml');

export function prometheusRule(): string {
  const { groups } = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: unknown[] };
  const object = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'onewindow',
      // The label a Prometheus resource's ruleSelector picks its rules by (set it to match yours).
      labels: { 'app.kubernetes.io/name': 'onewindow', role: 'alert-rules' },
    },
    spec: { groups },
  };
  return `# Made by \`npm run monitoring:rule\` from infra/prometheus/onewindow-alerts.yaml: edit that file.\n${stringify(object, { lineWidth: 0 })}`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(prometheusRule());
