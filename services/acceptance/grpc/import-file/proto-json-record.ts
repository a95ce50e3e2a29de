import { type JsonValue, fromJson, toBinary } from '@bufbuild/protobuf';
import type { RowViolation } from '../../../../generated/onewindow/common/v1/import.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { validateRequest } from '../../../platform/grpc/validate-request.ts';
import type { RecordKind } from './record-kind.ts';

/**
 * A record of an import file in the protos' JSON mapping, read strictly: an unknown key, an enum
 * value the proto does not name or a wrong type is refused with protobuf-es's reason, not dropped;
 * then its sizes are checked, each violation named by `fieldName` of its proto path.
 */
export function recordOfJson<R>(
  kind: RecordKind<R>,
  json: unknown,
  row: number,
  fieldName: (protoPath: string) => string,
): { record: R | undefined; violations: RowViolation[] } {
  const refused = (violations: RowViolation[]) => ({ record: undefined, violations });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return refused([{ row, field: fieldName(''), rule: 'must be a JSON object' }]);
  let bytes: Uint8Array;
  try {
    bytes = toBinary(kind.schema, fromJson(kind.schema, json as JsonValue));
  } catch (error) {
    // protobuf-es names the message and the field or key ("cannot decode field onewindow.acceptance.v1.TimeLimits.statutory_working_days from JSON: ...").
    return refused([{ row, field: fieldName(''), rule: (error as Error).message }]);
  }
  const { message, record } = kind.read(bytes);
  try {
    validateRequest(kind.sizes, message);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return refused(error.violations.map((v) => ({ row, field: fieldName(v.field), rule: v.description })));
  }
  return { record, violations: [] };
}

/** Why a JSON value is not the kind's message in the protos' JSON mapping, if it is not (a JSON cell of a CSV file is checked alone). */
export function jsonProblem<R>(kind: RecordKind<R>, json: Record<string, unknown>): string | undefined {
  try {
    fromJson(kind.schema, json as JsonValue);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
