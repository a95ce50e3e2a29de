import type { DescMessage } from '@bufbuild/protobuf';
import type { z } from 'zod';
import type { Column } from './columns.ts';

/** One kind of record an import file may hold (an item, a bundle, a department...), and how to read it. */
export interface RecordKind<R> {
  /** As messages name it: "a file of items". */
  readonly name: string;
  /** The list that holds it in a JSON file: "items". */
  readonly list: string;
  /** Its CSV columns; the first says that a CSV file holds this kind. */
  readonly columns: readonly Column[];
  /** Its proto message (protobuf-es), by which its JSON is read strictly. */
  readonly schema: DescMessage;
  /** The bounds of its strings and lists (the service's request sizes). */
  readonly sizes: z.ZodType<unknown>;
  /** The message (ts-proto), whose sizes are checked, and the record made of it, from the message's bytes. */
  read(bytes: Uint8Array): { readonly message: unknown; readonly record: R };
}
