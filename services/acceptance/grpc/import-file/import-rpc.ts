import type { ImportOptions, ImportProgress, ImportReport } from '../../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { FileRow } from '../../../platform/app/file-import.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import type { BidiStreamMethod } from '../../../platform/grpc/rpc-method.ts';
import { streamedFile } from '../../../platform/grpc/streamed-file.ts';
import type { z } from 'zod';
import { importOptionsSchema } from '../request-schemas.ts';
import { rowsOfCsv } from './csv-rows.ts';
import { rowsOfJson } from './json-rows.ts';
import type { RecordKind } from './record-kind.ts';

/**
 * The largest import file. A province's few thousand items (about 2 KB a row) or tens of
 * thousands of staff posts take a few MiB. The rows are held in memory while they are checked: a
 * 55 MB file of 25,000 items raised npm start's resident memory by about 560 MB. This bound keeps
 * an import within a small box's means.
 */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** The most rows a file may have; the report of as many stays far below the 4 MiB a response may have. */
const MAX_ROWS = 50_000;
/** A file of tens of thousands of rows is checked and recorded well within it. */
const MAX_IMPORT_MS = 30 * 60_000;

/** What every import RPC's messages are: the options then the file's chunks; progress then the report. */
interface ImportRequest {
  readonly part?: { $case: 'options'; value: ImportOptions } | { $case: 'chunk'; value: Buffer } | undefined;
}
interface ImportResponse {
  update?: { $case: 'progress'; value: ImportProgress } | { $case: 'report'; value: ImportReport } | undefined;
}

/**
 * An import RPC (ImportCatalog, ImportDirectory, LoadRegionEdition): the file read as `kinds` say,
 * then `run` on its rows, given the first message too (an edition's name and day ride with the options).
 */
export function importRpc<R, Request extends ImportRequest, Response extends ImportResponse>(
  kinds: readonly RecordKind<R>[],
  run: (options: ImportOptions, rows: readonly FileRow<R>[], caller: CallContext, progress: (update: ImportProgress) => void, first: Request) => Promise<ImportReport>,
  schema: z.ZodType = importOptionsSchema,
): BidiStreamMethod<Request, Response> {
  return {
    schema,
    maxDurationMs: MAX_IMPORT_MS,
    async stream(first, rest, caller, write) {
      const options = (first.part as { value: ImportOptions }).value;
      const file = await streamedFile(chunksOf(rest), MAX_FILE_BYTES);
      const rows = options.format === 'IMPORT_FORMAT_CSV' ? rowsOfCsv(file, kinds) : rowsOfJson(file, kinds);
      if (rows.length > MAX_ROWS) throw ValidationError.field('chunk', `the file must have at most ${MAX_ROWS} rows: split it`);
      const report = await run(options, rows, caller, (progress) => write({ update: { $case: 'progress', value: progress } } as Response), first);
      write({ update: { $case: 'report', value: report } } as Response);
    },
  };
}

async function* chunksOf(requests: AsyncIterable<ImportRequest>): AsyncIterable<Uint8Array | undefined> {
  for await (const request of requests) yield request.part?.$case === 'chunk' ? request.part.value : undefined;
}
