import type { z } from 'zod';
import type { CallContext } from '../app/call-context.ts';

/** Who may call a method is the access policy table's (services/platform/security/), not the handler's. */
export interface UnaryMethod<Request, Response> {
  /** Checked before `handle`; every violation is reported as a field of the request. */
  readonly schema?: z.ZodType<unknown>;
  handle(request: Request, context: CallContext): Promise<Response>;
}

export interface ServerStreamMethod<Request, Response> {
  readonly schema?: z.ZodType<unknown>;
  /** How long one stream may stay open (default one hour); the client's deadline may be shorter. */
  readonly maxDurationMs?: number;
  /** Writes responses until done; stop writing when `context.signal` aborts. */
  stream(request: Request, context: CallContext, write: (response: Response) => void): Promise<void>;
}

/**
 * A call whose client streams too (an operator's file in chunks): the first message goes through
 * the interceptors like a unary request (validated by `schema`, authorised), the rest follow.
 */
export interface BidiStreamMethod<Request, Response> {
  readonly schema?: z.ZodType<unknown>;
  /** How long one call may stay open (default one hour); the client's deadline may be shorter. */
  readonly maxDurationMs?: number;
  /** `rest` yields the messages after `first` (an undecodable one fails it as INVALID_ARGUMENT); stop when `context.signal` aborts. */
  stream(first: Request, rest: AsyncIterable<Request>, context: CallContext, write: (response: Response) => void): Promise<void>;
}

/** One entry of a ts-proto grpc-js service definition. */
export interface MethodDefinition<Request, Response> {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestSerialize: (value: Request) => Buffer;
  readonly requestDeserialize: (value: Buffer) => Request;
  readonly responseSerialize: (value: Response) => Buffer;
  readonly responseDeserialize: (value: Buffer) => Response;
}

/** Any ts-proto grpc-js service definition (request and response types erased). */
export type ServiceDefinition = Readonly<
  Record<
    string,
    {
      readonly path: string;
      readonly requestStream: boolean;
      readonly responseStream: boolean;
      readonly requestSerialize: (value: never) => Buffer;
      readonly requestDeserialize: (value: Buffer) => unknown;
      readonly responseSerialize: (value: never) => Buffer;
      readonly responseDeserialize: (value: Buffer) => unknown;
    }
  >
>;

type RequestOf<M> = M extends { requestDeserialize: (value: Buffer) => infer R } ? R : never;
type ResponseOf<M> = M extends { responseDeserialize: (value: Buffer) => infer R } ? R : never;

/** The handlers a service must provide: one per method of its proto service, typed from it. */
export type ServiceImplementation<D> = {
  readonly [K in keyof D]: D[K] extends { requestStream: true }
    ? BidiStreamMethod<RequestOf<D[K]>, ResponseOf<D[K]>>
    : D[K] extends { responseStream: true }
      ? ServerStreamMethod<RequestOf<D[K]>, ResponseOf<D[K]>>
      : UnaryMethod<RequestOf<D[K]>, ResponseOf<D[K]>>;
};
