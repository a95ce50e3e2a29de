import type { z } from 'zod';
import { type FieldViolation, ValidationError } from '../domain/errors.ts';
import { SEALED_PREFIX } from '../privacy/sealed-value.ts';
import { forEachString } from '../privacy/strings-in.ts';

/** "applicant.person.idNumber" in TypeScript is "applicant.person.id_number" on the wire. */
const toProtoName = (segment: PropertyKey) =>
  typeof segment === 'number' ? `[${segment}]` : String(segment).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The proto path of a zod issue path. ts-proto shapes a oneof as `kind: { $case: "person", value }`;
 * on the wire that is the field `person`, so "kind.value.idNumber" becomes "person.id_number".
 */
function fieldPath(request: unknown, path: readonly PropertyKey[]): string {
  const names: string[] = [];
  let node: unknown = request;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PropertyKey;
    const child = isRecord(node) ? node[segment as string] : undefined;
    if (isRecord(child) && typeof child.$case === 'string' && path[i + 1] === 'value') {
      names.push(toProtoName(child.$case));
      node = child.value;
      i += 1;
      continue;
    }
    names.push(toProtoName(segment));
    node = child;
  }
  return names.join('.').replaceAll('.[', '[');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Refuses any request string that looks like a sealed value. Only the platform seals: a sealed
 * value copied from a leaked event into a request (a name, a reason, a push token) would otherwise
 * be opened for the caller by the very responses meant to protect it.
 */
export function rejectSealedValues(request: unknown): void {
  const paths: Array<readonly PropertyKey[]> = [];
  forEachString(request, (text, path) => {
    if (text.startsWith(SEALED_PREFIX)) paths.push([...path]);
  });
  if (paths.length > 0) {
    throw new ValidationError(paths.map((path) => ({ field: fieldPath(request, path), description: `must not begin with "${SEALED_PREFIX}" (reserved for data the platform encrypts)` })));
  }
}

/**
 * Checks a decoded request against its schema and reports every offending field, named as in the
 * proto. The schema's messages state rules; they never repeat the value (it may be personal data).
 */
export function validateRequest<T>(schema: z.ZodType<T>, request: unknown): T {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const violations: FieldViolation[] = result.error.issues.map((issue) => ({
    field: fieldPath(request, issue.path),
    description: issue.message,
  }));
  throw new ValidationError(violations);
}
