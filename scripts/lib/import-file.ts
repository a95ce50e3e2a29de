import { once } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import type { AdministrationServiceClient } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { ImportOptions, ImportProgress, ImportReport } from '../../generated/onewindow/common/v1/import.ts';

/** Chunks under the servers' 1 MiB default request limit (OW_GRPC_MAX_REQUEST_BYTES), with room to spare. */
const CHUNK_BYTES = 512 * 1024;

/** What an operator imports, and the RPC that takes it. */
export type ImportTarget = 'catalog' | 'directory' | 'regions';

/** A division edition's name and first day, which LoadRegionEdition takes with the options. */
export interface EditionOptions {
  readonly edition: string;
  readonly inForceFrom: string;
}

/**
 * Imports a file through AdministrationService.ImportCatalog, ImportDirectory or LoadRegionEdition:
 * the options, then the file in chunks (waiting when the connection is full), then the server's
 * progress and its report.
 */
export async function importFile(
  client: AdministrationServiceClient,
  target: ImportTarget,
  options: ImportOptions,
  file: Buffer,
  metadata: grpc.Metadata,
  onProgress: (progress: ImportProgress) => void = () => {},
  edition: EditionOptions = { edition: '', inForceFrom: '' },
): Promise<ImportReport> {
  const call = target === 'catalog' ? client.importCatalog(metadata) : target === 'directory' ? client.importDirectory(metadata) : client.loadRegionEdition(metadata);
  // The server may refuse the file before it is all sent (too large): then the call's status is
  // the answer, and a failed write is only its echo.
  let sendFailure: unknown;
  const sending = (async () => {
    // The edition's name and day ride with the options; ImportCatalog and ImportDirectory have no such fields.
    const write = (message: { part: unknown; edition: string; inForceFrom: string }) => (call as grpc.ClientDuplexStream<typeof message, unknown>).write(message);
    write({ part: { $case: 'options', value: options }, ...edition });
    for (let at = 0; at < file.length; at += CHUNK_BYTES) {
      if (!write({ part: { $case: 'chunk', value: file.subarray(at, at + CHUNK_BYTES) }, edition: '', inForceFrom: '' })) await once(call, 'drain');
    }
    call.end();
  })().catch((error: unknown) => void (sendFailure = error));
  let report: ImportReport | undefined;
  for await (const response of call as AsyncIterable<{ update?: { $case: 'progress'; value: ImportProgress } | { $case: 'report'; value: ImportReport } }>) {
    if (response.update?.$case === 'progress') onProgress(response.update.value);
    if (response.update?.$case === 'report') report = response.update.value;
  }
  await sending;
  if (sendFailure) throw sendFailure;
  if (!report) throw new Error('the import ended without a report');
  return report;
}
