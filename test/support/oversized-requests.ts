import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DescField, type DescMessage, type JsonObject, type JsonValue, ScalarType, createFileRegistry, fromBinary, fromJson, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

/** Far over any limit a request field has: no rule may let these through. */
export const HUGE_TEXT = 'x'.repeat(100_000);
export const HUGE_COUNT = 10_000;

/** One method of a OneWindow proto service, from the committed descriptor set. */
export interface RequestMethod {
  /** Fully-qualified service name, e.g. "onewindow.acceptance.v1.AcceptanceService". */
  readonly service: string;
  /** The gRPC path, e.g. "/onewindow.acceptance.v1.AcceptanceService/SubmitCase". */
  readonly path: string;
  readonly serverStreaming: boolean;
  readonly input: DescMessage;
}

/** A request with one field far too long or too many: `field` is its proto path, as violations name it. */
export interface OversizedRequest {
  readonly field: string;
  readonly bytes: Uint8Array;
}

/** Every method of every OneWindow service (not health checking or reflection). */
export function requestMethods(): RequestMethod[] {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(import.meta.dirname, '..', '..', 'generated', 'descriptors.binpb')));
  const registry = createFileRegistry(set);
  return [...registry.files]
    .filter((file) => file.proto.package.startsWith('onewindow.'))
    .flatMap((file) => file.services)
    .flatMap((service) =>
      service.methods.map((method) => ({
        service: service.typeName,
        path: `/${service.typeName}/${method.name}`,
        serverStreaming: method.methodKind === 'server_streaming',
        input: method.input,
      })),
    );
}

/**
 * For every string, repeated field and map of a request message, at any depth (through nested
 * messages, oneofs and the first element of repeated messages): a request holding only that
 * field, set far over any limit. Well-known types (timestamps) have their own bounded formats.
 */
export function oversizedRequests(message: DescMessage): OversizedRequest[] {
  return oversizedFields(message, '', (json) => json, 0).map(({ field, json }) => ({ field, bytes: toBinary(message, fromJson(message, json)) }));
}

type Wrap = (inner: JsonObject) => JsonObject;

const MAX_DEPTH = 6;

function oversizedFields(message: DescMessage, prefix: string, wrap: Wrap, depth: number): Array<{ field: string; json: JsonObject }> {
  if (depth > MAX_DEPTH) return [];
  return message.fields.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    const set = (value: JsonValue) => wrap({ [field.jsonName]: value });
    switch (field.fieldKind) {
      case 'scalar':
        return field.scalar === ScalarType.STRING ? [{ field: path, json: set(HUGE_TEXT) }] : [];
      case 'enum':
        return [];
      case 'message':
        if (isWellKnown(field.message)) return [];
        return oversizedFields(field.message, `${path}.`, (inner) => set(inner), depth + 1);
      case 'list': {
        const many = { field: path, json: set(Array.from({ length: HUGE_COUNT }, () => elementOf(field))) };
        if (field.listKind === 'scalar' && field.scalar === ScalarType.STRING) return [many, { field: `${path}[0]`, json: set([HUGE_TEXT]) }];
        if (field.listKind === 'message' && !isWellKnown(field.message)) {
          return [many, ...oversizedFields(field.message, `${path}[0].`, (inner) => set([inner]), depth + 1)];
        }
        return [many];
      }
      case 'map':
        return [{ field: path, json: set(Object.fromEntries(Array.from({ length: HUGE_COUNT }, (_, i) => [String(i), mapValueOf(field)]))) }];
    }
  });
}

/** The smallest element of a repeated field: its zero value. */
function elementOf(field: DescField & { fieldKind: 'list' }): JsonValue {
  if (field.listKind === 'message') return {};
  if (field.listKind === 'enum') return 0;
  return zeroOf(field.scalar);
}

function mapValueOf(field: DescField & { fieldKind: 'map' }): JsonValue {
  if (field.mapKind === 'message') return {};
  if (field.mapKind === 'enum') return 0;
  return zeroOf(field.scalar);
}

function zeroOf(scalar: ScalarType): JsonValue {
  if (scalar === ScalarType.STRING || scalar === ScalarType.BYTES) return '';
  if (scalar === ScalarType.BOOL) return false;
  return 0;
}

function isWellKnown(message: DescMessage): boolean {
  return message.typeName.startsWith('google.protobuf.');
}
