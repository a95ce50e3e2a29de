import { type DescMessage, type JsonValue, fromJson, toBinary } from '@bufbuild/protobuf';
import { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { BundleDefinitionSchema, ServiceItemSchema } from '../../../../generated/es/onewindow/acceptance/v1/catalog_pb.js';
import type { RowViolation } from '../../../../generated/onewindow/common/v1/import.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { validateRequest } from '../../../platform/grpc/validate-request.ts';
import type { CatalogRecord } from '../../app/catalog-import/catalog-row.ts';
import { bundleDefinitionSizes, serviceItemSizes } from '../administration-sizes.ts';

export type RecordKind = CatalogRecord['kind'];

/** A record of a catalog file in the protos' JSON mapping, read strictly: an unknown key, an enum value the proto does not name or a wrong type is refused, not dropped. */
export function recordOfJson(
  kind: RecordKind,
  json: unknown,
  row: number,
  fieldName: (protoPath: string) => string,
): { record: CatalogRecord | undefined; violations: RowViolation[] } {
  const violation = (path: string, rule: string) => ({ record: undefined, violations: [{ row, field: fieldName(path), rule }] });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return violation('', 'must be a JSON object');
  const schema: DescMessage = kind === 'item' ? ServiceItemSchema : BundleDefinitionSchema;
  let bytes: Uint8Array;
  try {
    bytes = toBinary(schema, fromJson(schema, json as JsonValue));
  } catch (error) {
    // protobuf-es names the message and the field or key ("cannot decode field onewindow.acceptance.v1.TimeLimits.statutory_working_days from JSON: ...").
    return violation('', (error as Error).message);
  }
  const message = kind === 'item' ? ServiceItem.decode(bytes) : BundleDefinition.decode(bytes);
  try {
    validateRequest<unknown>(kind === 'item' ? serviceItemSizes : bundleDefinitionSizes, message);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { record: undefined, violations: error.violations.map((v) => ({ row, field: fieldName(v.field), rule: v.description })) };
  }
  const { version: _version, ...definition } = message;
  return { record: kind === 'item' ? { kind, item: definition as Omit<ServiceItem, 'version'> } : { kind, bundle: definition as Omit<BundleDefinition, 'version'> }, violations: [] };
}

/** Whether a strictly read JSON value fits the field `path` of a record (a JSON cell of a CSV file), with protobuf-es's reason when it does not. */
export function jsonFieldProblem(kind: RecordKind, json: Record<string, unknown>): string | undefined {
  try {
    fromJson(kind === 'item' ? ServiceItemSchema : BundleDefinitionSchema, json as JsonValue);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
