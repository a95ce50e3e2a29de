import { Metadata } from '@grpc/grpc-js';
import { BadRequest, RetryInfo } from '../../../generated/google/rpc/error_details.ts';
import { Status } from '../../../generated/google/rpc/status.ts';
import type { FieldViolation } from '../domain/errors.ts';

const DETAILS_KEY = 'grpc-status-details-bin';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** The `grpc-status-details-bin` trailer of Google's richer error model, with one detail. */
function statusTrailer(code: number, message: string, typeUrl: string, detail: Uint8Array): Metadata {
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, Buffer.from(Status.encode({ code, message, details: [{ typeUrl, value: Buffer.from(detail) }] }).finish()));
  return metadata;
}

/** The details of one type in a failed call's trailer. */
function detailsOf(metadata: Metadata | undefined, typeUrl: string): Uint8Array[] {
  return statusDetailsOf(metadata)
    .filter((detail) => `type.googleapis.com/${detail.type}` === typeUrl)
    .map((detail) => detail.value);
}

/**
 * Every detail of a failed call's trailer, by type name (google.rpc.BadRequest...) and encoded
 * message: what a gateway passes on unchanged in another protocol's error.
 */
export function statusDetailsOf(metadata: Metadata | undefined): { type: string; value: Uint8Array }[] {
  const [raw] = metadata?.get(DETAILS_KEY) ?? [];
  if (!(raw instanceof Buffer)) return [];
  return Status.decode(raw).details.map((any) => ({ type: any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1), value: any.value }));
}

/** The trailer with a BadRequest: which fields broke which rule. */
export function badRequestTrailer(code: number, message: string, violations: readonly FieldViolation[]): Metadata {
  return statusTrailer(code, message, BAD_REQUEST_TYPE, BadRequest.encode({ fieldViolations: violations.map((v) => ({ ...v })) }).finish());
}

/** The trailer with a RetryInfo: when the caller may try again. */
export function retryInfoTrailer(code: number, message: string, retryAfterMs: number): Metadata {
  const delayMs = Math.max(0, Math.ceil(retryAfterMs));
  const retryDelay = { seconds: BigInt(Math.floor(delayMs / 1000)), nanos: (delayMs % 1000) * 1_000_000 };
  return statusTrailer(code, message, RETRY_INFO_TYPE, RetryInfo.encode({ retryDelay }).finish());
}

/** Reads the retry delay of a failed call's trailer in milliseconds, if it has one (for clients and tests). */
export function retryDelayMsOf(metadata: Metadata | undefined): number | undefined {
  const [detail] = detailsOf(metadata, RETRY_INFO_TYPE);
  const delay = detail && RetryInfo.decode(detail).retryDelay;
  return delay ? Number(delay.seconds) * 1000 + Math.round(delay.nanos / 1_000_000) : undefined;
}

/** Reads the field violations of a failed call's trailer (for clients and tests). */
export function fieldViolationsOf(metadata: Metadata | undefined): FieldViolation[] {
  return detailsOf(metadata, BAD_REQUEST_TYPE).flatMap((detail) => BadRequest.decode(detail).fieldViolations);
}
