import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { DeadlineExceededError, PermissionDeniedError, UnavailableError, ValidationError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { CallContext } from './call-context.ts';
import type { Caller, IdentityResolver, Role } from './caller.ts';
import { CHANNEL_METADATA_KEY, channelFromMetadata } from './channel-metadata.ts';
import { toServiceError } from './error-mapper.ts';
import type {
  Access,
  MethodDefinition,
  ServerStreamMethod,
  ServiceDefinition,
  ServiceImplementation,
  UnaryMethod,
} from './rpc-method.ts';
import { validateRequest } from './validate-request.ts';

const descriptorSetPath = new URL('../../../generated/descriptors.binpb', import.meta.url);
let reflectionPackage: ReturnType<typeof loadFileDescriptorSetFromBuffer> | undefined;

/** Bytes that are not the method's request message; answered INVALID_ARGUMENT, never INTERNAL. */
const MALFORMED = Symbol('malformed request');

export interface RpcServerOptions<D extends ServiceDefinition> {
  /** Fully-qualified proto service name, e.g. "onewindow.acceptance.v1.AcceptanceService". */
  readonly serviceName: string;
  readonly definition: D;
  readonly implementation: ServiceImplementation<D>;
  readonly identity: IdentityResolver;
  readonly logger: Logger;
  /** Longest time a call may run on the server; a shorter client deadline wins. */
  readonly rpcTimeoutMs: number;
}

/**
 * One service's gRPC server with what every OneWindow server has: grpc.health.v1 health checking,
 * server reflection, and the same pipeline for every call — authenticate, reject malformed bytes,
 * authorise by role, validate, run under the deadline, map errors in one place. Shutdown drains
 * in-flight calls and ends open streams.
 */
export class RpcServer<D extends ServiceDefinition> {
  readonly #options: RpcServerOptions<D>;
  readonly #server = new grpc.Server();
  readonly #health: HealthImplementation;
  /** Open server streams: they end at shutdown; unary calls are left to finish. */
  readonly #streams = new Set<AbortController>();

  constructor(options: RpcServerOptions<D>) {
    this.#options = options;
    const handlers: grpc.UntypedServiceImplementation = {};
    const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
    for (const [name, method] of Object.entries(options.definition) as unknown as Array<[string, MethodDefinition<unknown, unknown>]>) {
      const implementation = (options.implementation as Readonly<Record<string, unknown>>)[name];
      if (!implementation) throw new Error(`${options.serviceName} has no handler for ${name}`);
      definition[name] = { ...method, requestDeserialize: safely(method.requestDeserialize) };
      handlers[name] = method.responseStream
        ? this.#streamHandler(method.path, implementation as ServerStreamMethod<unknown, unknown>)
        : this.#unaryHandler(method.path, implementation as UnaryMethod<unknown, unknown>);
    }
    this.#server.addService(definition as grpc.ServiceDefinition, handlers);
    this.#health = new HealthImplementation({ '': 'NOT_SERVING', [options.serviceName]: 'NOT_SERVING' });
    this.#health.addToServer(this.#server);
    reflectionPackage ??= loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
    new ReflectionService(reflectionPackage, { services: [options.serviceName] }).addToServer(this.#server);
  }

  /** Listens and reports SERVING; resolves to the bound port (useful with port 0). */
  async start(host: string, port: number): Promise<number> {
    const bind = promisify(this.#server.bindAsync.bind(this.#server));
    const bound = await bind(`${host}:${port}`, grpc.ServerCredentials.createInsecure());
    this.#setServing('SERVING');
    return bound;
  }

  /** Reports NOT_SERVING, ends open streams, waits for in-flight calls up to `graceMs`, then stops. */
  async shutdown(graceMs: number): Promise<void> {
    this.#setServing('NOT_SERVING');
    for (const stream of this.#streams) stream.abort(new UnavailableError('the server is shutting down'));
    const drained = new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    if ((await Promise.race([drained, timedOut])) === 'timeout') this.#server.forceShutdown();
    clearTimeout(timer);
  }

  #setServing(status: 'SERVING' | 'NOT_SERVING'): void {
    this.#health.setStatus('', status);
    this.#health.setStatus(this.#options.serviceName, status);
  }

  #unaryHandler(path: string, method: UnaryMethod<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    return (call, callback) => {
      this.#serve(path, method, call, false, (request, context) => method.handle(request, context)).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, this.#options.logger, path)),
      );
    };
  }

  #streamHandler(path: string, method: ServerStreamMethod<unknown, unknown>): grpc.handleServerStreamingCall<unknown, unknown> {
    return (call) => {
      this.#serve(path, method, call, true, (request, context) => method.stream(request, context, (response) => call.write(response))).then(
        () => call.end(),
        (error: unknown) => call.emit('error', toServiceError(error, this.#options.logger, path)),
      );
    };
  }

  /** The pipeline every call goes through, in order. */
  async #serve<R>(
    path: string,
    method: { access: Access; schema?: UnaryMethod<unknown, unknown>['schema'] },
    call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
    streaming: boolean,
    run: (request: unknown, context: CallContext) => Promise<R>,
  ): Promise<R> {
    const controller = new AbortController();
    if (streaming) this.#streams.add(controller);
    call.on('cancelled', () => controller.abort(new DeadlineExceededError('the client cancelled the call')));
    try {
      const caller = this.#options.identity.resolve(firstString(call.metadata, 'authorization'));
      if (call.request === MALFORMED) throw ValidationError.field('(request)', `must be a valid ${path} request message`);
      const role = authorize(path, method.access, caller);
      if (method.schema) validateRequest(method.schema, call.request);
      const deadline = new Date(Math.min(deadlineMs(call.getDeadline()), Date.now() + this.#options.rpcTimeoutMs));
      const context: CallContext = {
        method: path,
        caller,
        role,
        channel: channelFromMetadata(firstString(call.metadata, CHANNEL_METADATA_KEY)),
        traceContext: {
          traceparent: firstString(call.metadata, 'traceparent') ?? '',
          tracestate: firstString(call.metadata, 'tracestate') ?? '',
        },
        deadline,
        signal: controller.signal,
        logger: this.#options.logger,
      };
      return await underDeadline(run(call.request, context), deadline, controller);
    } finally {
      this.#streams.delete(controller);
    }
  }
}

function safely<T>(deserialize: (bytes: Buffer) => T): (bytes: Buffer) => T | typeof MALFORMED {
  return (bytes) => {
    try {
      return deserialize(bytes);
    } catch {
      return MALFORMED;
    }
  };
}

function authorize(path: string, access: Access, caller: Caller): Role {
  const role = access === 'any-authenticated' ? caller.roles[0] : caller.roles.find((r) => access.includes(r));
  if (!role) {
    const allowed = access === 'any-authenticated' ? 'authenticated callers' : access.join(', ');
    throw new PermissionDeniedError(`${path} is open to ${allowed} only`);
  }
  return role;
}

function firstString(metadata: grpc.Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}

function deadlineMs(deadline: grpc.Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? deadline : Number.POSITIVE_INFINITY;
}

/** Settles with the work, or rejects when the deadline passes or the call is aborted. */
function underDeadline<R>(work: Promise<R>, deadline: Date, controller: AbortController): Promise<R> {
  const timer = setTimeout(
    () => controller.abort(new DeadlineExceededError('the call did not finish before its deadline')),
    Math.max(0, deadline.getTime() - Date.now()),
  );
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => clearTimeout(timer));
}
