import type { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { RowViolation } from '../../../../generated/onewindow/common/v1/import.ts';

/** What a row of a catalog file holds, once read: an item or a bundle; nothing when it could not be read. */
export type CatalogRecord = { readonly kind: 'item'; readonly item: Omit<ServiceItem, 'version'> } | { readonly kind: 'bundle'; readonly bundle: Omit<BundleDefinition, 'version'> };

/** One row of an operator's catalog file, as the file's format read it (grpc/catalog-file/). */
export interface CatalogRow {
  /** How the report numbers it (RowViolation.row). */
  readonly row: number;
  readonly record: CatalogRecord | undefined;
  /** What was wrong while reading it: a value that is no number, no known name, too long. */
  readonly violations: readonly RowViolation[];
  /** How the report names a field of the record, given its proto path ("limits.promised_working_days"): a CSV column, or a JSON path. */
  readonly fieldName: (protoPath: string) => string;
}
