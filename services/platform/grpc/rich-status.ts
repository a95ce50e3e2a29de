import { Metadata } from '@grpc/grpc-js';
import { BadRequest, RetryInfo } from '../../../generated/google/rpc/error_details.ts';
import { Status } from '../../../generated/google/rpc/status.ts';
import type { FieldViolation } from '../domain/errors.ts';

const DETAILS_KEY = 'grpc-status-details-bin';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** The `grpc-status-details-bin` trailer of Google's richer error model, with a BadRequest. */
export function badRequestTrailer(code: number, message: string, violations: readonly FieldViolation[]): Metadata {
  const metadata = new Metadata();
  const badRequest = BadRequest.encode({ fieldViolations: violations.map((v) => ({ ...v })) }).finish();
  const status = Status.encode({ code, message, details: [{ typeUrl: BAD_REQUEST_TYPE, value: Buffer.from(badRequest) }] }).finish();
  metadata.set(DETAILS_KEY, Buffer.from(status));
  return metadata;
}

/** The `grpc-status-details-bin` trailer with a RetryInfo: when the caller may try again. */
export function retryInfoTrailer(code: number, message: string, retryAfterMs: number): Metadata {
  const delayMs = Math.max(0, Math.ceil(retryAfterMs));
  const retryDelay = { seconds: BigInt(Math.floor(delayMs / 1000)), nanos: (delayMs % 1000) * 1_000_000 };
  const retryInfo = RetryInfo.encode({ retryDelay }).finish();
  const status = Status.encode({ code, message, details: [{ typeUrl: RETRY_INFO_TYPE, value: Buffer.from(retryInfo) }] }).finish();
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, Buffer.from(status));
  return metadata;
}

/** Reads the retry delay of a failed call's trailer in milliseconds, if it has one (for clients and tests). */
export function retryDelayMsOf(metadata: Metadata | undefined): number | undefined {
  const [raw] = metadata?.get(DETAILS_KEY) ?? [];
  if (!(raw instanceof Buffer)) return undefined;
  const detail = Status.decode(raw).details.find((any) => any.typeUrl === RETRY_INFO_TYPE);
  const delay = detail && RetryInfo.decode(detail.value).retryDelay;
  return delay ? Number(delay.seconds) * 1000 + Math.round(delay.nanos / 1_000_000) : undefined;
}

/** Reads the field violations of a failed call's trailer (for clients and tests). */
export function fieldViolationsOf(metadata: Metadata | undefined): FieldViolation[] {
  const [raw] = metadata?.get(DETAILS_KEY) ?? [];
  if (!(raw instanceof Buffer)) return [];
  return Status.decode(raw)
    .details.filter((any) => any.typeUrl === BAD_REQUEST_TYPE)
    .flatMap((any) => BadRequest.decode(any.value).fieldViolations);
}
