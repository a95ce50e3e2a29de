/** Prints docs/configuration.md from the settings specs, so the doc cannot drift from the code. */
import type { Spec } from 'envalid';
import { settingsByOwner } from '../services/host/configuration.ts';

const headings: Record<(typeof settingsByOwner)[number]['owner'], string> = {
  platform: 'Every process (services/platform/config/platform-settings.ts, services/host/configuration.ts)',
  acceptance: 'acceptance (services/acceptance/settings.ts)',
  approval: 'approval (services/approval/settings.ts)',
  supervision: 'supervision (services/supervision/settings.ts)',
  notification: 'notification (services/notification/settings.ts)',
};

function table(spec: Readonly<Record<string, Spec<unknown>>>): string[] {
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...Object.entries(spec).map(([name, variable]) => {
      const choices = variable.choices ? ` One of: ${variable.choices.map((c) => `\`${String(c)}\``).join(', ')}.` : '';
      return `| \`${name}\` | \`${String(variable.default)}\` | ${variable.desc}${choices} |`;
    }),
  ];
}

export function configurationDoc(): string {
  return [
    '# Configuration',
    '',
    'Every OneWindow process reads these environment variables at start-up and validates them before',
    'anything else happens. An invalid value stops the process with exit code 78 and a message that',
    'names the variable and the rule it breaks (never the value, which may be a secret). Each service',
    'owns its settings; a process checks the rules that tie settings together for the services it runs.',
    '',
    'Generated from the settings specs by `npm run docs:config`; a test fails when this file is out of',
    'date.',
    ...settingsByOwner.flatMap(({ owner, spec }) => ['', `## ${headings[owner]}`, '', ...table(spec)]),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(configurationDoc());
