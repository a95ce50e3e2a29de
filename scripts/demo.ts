/**
 * `npm run demo`: drives the walking skeleton over gRPC against a running `npm start` and prints
 * the case's unified history. Endpoints default to the ones `npm start` uses; it signs its callers'
 * tokens with the local key of the same OW_DATA_DIR (default ./data), which `npm start` trusts.
 */
import { HistoryEntry } from '../generated/onewindow/acceptance/v1/case.ts';
import { loadConfiguration } from '../services/host/configuration.ts';
import { clientCredentials } from '../services/platform/grpc/tls-credentials.ts';
import { formatHistory, runDemoFlow } from './demo-flow.ts';
import { parseCommandLine } from './lib/command-line.ts';
import { tokenMinterFor } from './lib/token-minter.ts';

const config = loadConfiguration();
const at = (port: number) => `${config.OW_HOST}:${port}`;
const HELP = `usage: npm run demo -- [--acceptance host:port] [--approval host:port] [--supervision host:port] [--notification host:port]

Drives one case through all four services over gRPC against a running npm start (the same
OW_DATA_DIR, whose local key signs the callers' tokens) and prints its unified history.
Endpoints default to npm start's: ${[config.OW_ACCEPTANCE_PORT, config.OW_APPROVAL_PORT, config.OW_SUPERVISION_PORT, config.OW_NOTIFICATION_PORT].map(at).join(', ')}.`;

const { values } = parseCommandLine('demo', HELP, {
  options: {
    acceptance: { type: 'string', default: at(config.OW_ACCEPTANCE_PORT) },
    approval: { type: 'string', default: at(config.OW_APPROVAL_PORT) },
    supervision: { type: 'string', default: at(config.OW_SUPERVISION_PORT) },
    notification: { type: 'string', default: at(config.OW_NOTIFICATION_PORT) },
  },
});

const result = await runDemoFlow(
  { acceptance: values.acceptance, approval: values.approval, supervision: values.supervision, notification: values.notification },
  (line) => process.stdout.write(`${line}\n`),
  undefined,
  // Tokens the platform of the same settings accepts: signed with its local key unless it runs in development mode.
  { mint: tokenMinterFor(config), credentials: clientCredentials(config) },
);
const asJson = (entries: readonly HistoryEntry[]) => JSON.stringify(entries.map((entry) => HistoryEntry.toJSON(entry)));
const same = asJson(result.history) === asJson(result.historyOnSecondChannel);
process.stdout.write(`\nUnified history of case ${result.caseNumber} (${result.history.length} entries from ${new Set(result.history.map((e) => e.sourceService)).size} services):\n`);
process.stdout.write(`${formatHistory(result.history)}\n\n`);
process.stdout.write(`The applicant's phone, reading with the last write's consistency token, sees ${same ? 'the same' : 'a DIFFERENT'} history.\n`);
process.stdout.write(
  `Supervision: clock ${result.clock.status}, ${result.clock.workingDaysUsed} working days used, ` +
    `${result.clock.withinPromisedLimit ? 'within' : 'beyond'} the promised limit (${result.clock.promisedDeadline?.date}).\n`,
);
process.stdout.write(`Notifications to the applicant: ${result.notifications.map((n) => `${n.templateId} (${n.status})`).join(', ')}\n`);
if (!same) process.exitCode = 1;
