import { Metadata } from '@grpc/grpc-js';
import { BadRequest } from '../../../generated/google/rpc/error_details.ts';
import { Status } from '../../../generated/google/rpc/status.ts';
import type { FieldViolation } from '../domain/errors.ts';

const DETAILS_KEY = 'grpc-status-details-bin';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/** The `grpc-status-details-bin` trailer of Google's richer error model, with a BadRequest. */
export function badRequestTrailer(code: number, message: string, violations: readonly FieldViolation[]): Metadata {
  const metadata = new Metadata();
  const badRequest = BadRequest.encode({ fieldViolations: violations.map((v) => ({ ...v })) }).finish();
  const status = Status.encode({ code, message, details: [{ typeUrl: BAD_REQUEST_TYPE, value: Buffer.from(badRequest) }] }).finish();
  metadata.set(DETAILS_KEY, Buffer.from(status));
  return metadata;
}

/** Reads the field violations of a failed call's trailer (for clients and tests). */
export function fieldViolationsOf(metadata: Metadata | undefined): FieldViolation[] {
  const [raw] = metadata?.get(DETAILS_KEY) ?? [];
  if (!(raw instanceof Buffer)) return [];
  return Status.decode(raw)
    .details.filter((any) => any.typeUrl === BAD_REQUEST_TYPE)
    .flatMap((any) => BadRequest.decode(any.value).fieldViolations);
}
