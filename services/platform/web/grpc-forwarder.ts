import * as grpc from '@grpc/grpc-js';
import { type DescMethod, type DescService, fromBinary, toBinary } from '@bufbuild/protobuf';
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from '@connectrpc/connect';
import { statusDetailsOf } from '../grpc/rich-status.ts';

/** The request headers a browser call carries on to the gRPC server: who, through which channel, and the trace. */
const FORWARDED_HEADERS = ['authorization', 'ow-channel', 'traceparent', 'tracestate'] as const;

/** Bytes in, bytes out: the gRPC server decodes and validates the messages itself. */
const passThrough = (bytes: Buffer) => bytes;

/**
 * The methods of one service, each carried over to the service's own gRPC server: the same
 * authentication, validation, authorisation, deadlines, rate limits and errors (field violations
 * included) as a gRPC caller gets, because it is the same server that answers.
 */
export function forwardedService(service: DescService, client: grpc.Client): ServiceImpl<DescService> {
  // A browser cannot stream its requests over HTTP/1.1: methods that take a stream (an operator's
  // file import) are served on gRPC only, and the gateway answers them UNIMPLEMENTED.
  const browserMethods = service.methods.filter((method) => method.methodKind === 'unary' || method.methodKind === 'server_streaming');
  const methods = browserMethods.map((method) => [method.localName, forwardedMethod(service, method, client)] as const);
  return Object.fromEntries(methods) as ServiceImpl<DescService>;
}

function forwardedMethod(service: DescService, method: DescMethod, client: grpc.Client) {
  const path = `/${service.typeName}/${method.name}`;
  const encode = (request: never) => Buffer.from(toBinary(method.input, request));
  const decode = (bytes: Buffer) => fromBinary(method.output, bytes);
  if (method.methodKind === 'server_streaming') {
    return async function* (request: never, context: HandlerContext) {
      const call = client.makeServerStreamRequest(path, passThrough, passThrough, encode(request), metadataOf(context), optionsOf(context));
      const cancel = () => call.cancel();
      context.signal.addEventListener('abort', cancel, { once: true });
      try {
        for await (const message of call as AsyncIterable<Buffer>) yield decode(message);
      } catch (error) {
        throw connectErrorOf(error);
      } finally {
        context.signal.removeEventListener('abort', cancel);
        call.cancel();
      }
    };
  }
  if (method.methodKind !== 'unary') throw new Error(`${path}: only unary and server-streaming methods are served to browsers`);
  return (request: never, context: HandlerContext) =>
    new Promise((resolve, reject) => {
      const call = client.makeUnaryRequest(path, passThrough, passThrough, encode(request), metadataOf(context), optionsOf(context), (error, response) =>
        error ? reject(connectErrorOf(error)) : resolve(decode(response!)),
      );
      context.signal.addEventListener('abort', () => call.cancel(), { once: true });
    });
}

function metadataOf(context: HandlerContext): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const name of FORWARDED_HEADERS) {
    const value = context.requestHeader.get(name);
    if (value !== null) metadata.set(name, value);
  }
  return metadata;
}

/** The browser's deadline (Connect-Timeout-Ms, grpc-timeout) stays the call's deadline. */
function optionsOf(context: HandlerContext): grpc.CallOptions {
  const timeoutMs = context.timeoutMs();
  return timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
}

/** A gRPC failure as the same status in Connect's words, with its message and details (BadRequest, RetryInfo). */
function connectErrorOf(error: unknown): ConnectError {
  const failure = error as Partial<grpc.ServiceError>;
  if (typeof failure.code !== 'number') return ConnectError.from(error, Code.Internal);
  // gRPC and Connect number their codes alike (Connect's Code enum follows gRPC's).
  const connectError = new ConnectError(failure.details ?? '', failure.code as number as Code);
  connectError.details.push(...statusDetailsOf(failure.metadata));
  return connectError;
}
