import type { ImportCatalogRequest, ImportCatalogResponse } from '../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { ImportOptions } from '../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import { ValidationError } from '../../platform/domain/errors.ts';
import { streamedFile } from '../../platform/grpc/streamed-file.ts';
import type { BidiStreamMethod } from '../../platform/grpc/rpc-method.ts';
import type { AcceptanceApp } from '../app/acceptance-app.ts';
import { importCatalog } from '../app/catalog-import/import-catalog.ts';
import { catalogRowsOfCsv } from './catalog-file/catalog-csv.ts';
import { catalogRowsOfJson } from './catalog-file/catalog-json.ts';
import { importCatalogSchema } from './request-schemas.ts';

/** The largest catalog file: a province's few thousand items take a few MiB. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** The most rows a file may have: a province's catalog, with room; the report of as many stays far below the 4 MiB a response may have. */
const MAX_ROWS = 20_000;
/** A file of tens of thousands of rows is checked and recorded well within it. */
const MAX_IMPORT_MS = 30 * 60_000;

/** ImportCatalog: the options, then the file in chunks; answered with progress, then the report. */
export function importCatalogRpc(app: AcceptanceApp): BidiStreamMethod<ImportCatalogRequest, ImportCatalogResponse> {
  return {
    schema: importCatalogSchema,
    maxDurationMs: MAX_IMPORT_MS,
    async stream(first, rest, caller: CallContext, write) {
      const options = (first.part as { $case: 'options'; value: ImportOptions }).value;
      const file = await streamedFile(chunksOf(rest), MAX_FILE_BYTES);
      const rows = options.format === 'IMPORT_FORMAT_CSV' ? catalogRowsOfCsv(file) : catalogRowsOfJson(file);
      if (rows.length > MAX_ROWS) throw ValidationError.field('chunk', `the file must have at most ${MAX_ROWS} rows: split it`);
      const report = await importCatalog(app, options, rows, caller, (progress) => write({ update: { $case: 'progress', value: progress } }));
      write({ update: { $case: 'report', value: report } });
    },
  };
}

async function* chunksOf(requests: AsyncIterable<ImportCatalogRequest>): AsyncIterable<Uint8Array | undefined> {
  for await (const request of requests) yield request.part?.$case === 'chunk' ? request.part.value : undefined;
}
