/** Prints docs/configuration.md from the configuration spec, so the doc cannot drift from the code. */
import { configurationSpec } from '../services/platform/config/configuration.ts';

export function configurationDoc(): string {
  const rows = Object.entries(configurationSpec).map(([name, spec]) => {
    const choices = spec.choices ? ` One of: ${spec.choices.map((c) => `\`${String(c)}\``).join(', ')}.` : '';
    return `| \`${name}\` | \`${String(spec.default)}\` | ${spec.desc}${choices} |`;
  });
  return [
    '# Configuration',
    '',
    'Every OneWindow process reads these environment variables at start-up and validates them before',
    'anything else happens. An invalid value stops the process with exit code 78 and a message that',
    'names the variable and the rule it breaks (never the value, which may be a secret).',
    '',
    'Generated from `services/platform/config/configuration.ts` by `npm run docs:config`; a test',
    'fails when this file is out of date.',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(configurationDoc());
