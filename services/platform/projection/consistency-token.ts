import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';

/**
 * "I wrote this": the stream and version a command wrote, in the service that owns the stream.
 * A query given the token answers only once its read model has applied that version.
 */
export interface ConsistencyToken {
  readonly service: string;
  readonly streamId: string;
  readonly version: number;
}

/** Opaque to clients: base64url of a small JSON array, so the format can change behind it. */
export function encodeConsistencyToken(token: ConsistencyToken): string {
  return Buffer.from(JSON.stringify([1, token.service, token.streamId, token.version])).toString('base64url');
}

/**
 * The consistency token field of a query: a token is under 200 characters (a stream id and a
 * version); the bound keeps anything else from being decoded at all.
 */
export const consistencyTokenSchema = z.string().max(512, 'must be a consistency token returned by a OneWindow command');

/** Decodes a token from a request; "" means none. A malformed token is INVALID_ARGUMENT on `field`. */
export function decodeConsistencyToken(text: string, field = 'consistency_token'): ConsistencyToken | undefined {
  if (text === '') return undefined;
  try {
    const [format, service, streamId, version] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (format === 1 && typeof service === 'string' && typeof streamId === 'string' && Number.isInteger(version)) {
      return { service, streamId, version: version as number };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw ValidationError.field(field, 'must be a consistency token returned by a OneWindow command');
}

/** The key under which projections record the versions they applied of a source stream. */
export function streamKey(service: string, streamId: string): string {
  return `${service}/${streamId}`;
}
