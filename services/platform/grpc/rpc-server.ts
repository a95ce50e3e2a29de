import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { DeadlineExceededError, UnavailableError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { CallContext } from './call-context.ts';
import type { IdentityResolver } from './caller.ts';
import { toServiceError } from './error-mapper.ts';
import type {
  Access,
  MethodDefinition,
  ServerStreamMethod,
  ServiceDefinition,
  ServiceImplementation,
  UnaryMethod,
} from './rpc-method.ts';
import {
  type CallInterceptor,
  type CallState,
  MALFORMED,
  authenticate,
  authorize,
  compose,
  contextOf,
  enforceDeadline,
  readCallMetadata,
  rejectMalformed,
  validate,
} from './interceptors.ts';

const ONE_HOUR_MS = 3_600_000;
const descriptorSetPath = new URL('../../../generated/descriptors.binpb', import.meta.url);
let reflectionPackage: ReturnType<typeof loadFileDescriptorSetFromBuffer> | undefined;


/** One proto service a server serves, with its handlers. */
export interface ServedService<D extends ServiceDefinition> {
  /** Fully-qualified proto service name, e.g. "onewindow.acceptance.v1.AcceptanceService". */
  readonly name: string;
  readonly definition: D;
  readonly implementation: ServiceImplementation<D>;
}

/** Pairs a definition with its implementation, checking one against the other. */
export function served<D extends ServiceDefinition>(service: ServedService<D>): ServedService<ServiceDefinition> {
  return service as unknown as ServedService<ServiceDefinition>;
}

export interface RpcServerOptions {
  readonly services: readonly ServedService<ServiceDefinition>[];
  readonly identity: IdentityResolver;
  readonly logger: Logger;
  /** Longest time a call may run on the server; a shorter client deadline wins. */
  readonly rpcTimeoutMs: number;
  /** Interceptors run before the standard ones (authenticate, authorise, validate, deadline). */
  readonly interceptors?: readonly CallInterceptor[];
}

/**
 * One service's gRPC server with what every OneWindow server has: grpc.health.v1 health checking,
 * server reflection, and the same interceptor chain for every call — authenticate, reject
 * malformed bytes, authorise by role, read channel and trace context, validate, run under the
 * deadline — with errors mapped in one place. Shutdown drains in-flight calls and ends open streams.
 */
export class RpcServer {
  readonly #options: RpcServerOptions;
  readonly #server = new grpc.Server();
  readonly #health: HealthImplementation;
  /** Open server streams: they end at shutdown; unary calls are left to finish. */
  readonly #streams = new Set<AbortController>();

  constructor(options: RpcServerOptions) {
    this.#options = options;
    for (const service of options.services) this.#addService(service);
    const names = options.services.map((service) => service.name);
    this.#health = new HealthImplementation(Object.fromEntries(['', ...names].map((name) => [name, 'NOT_SERVING' as const])));
    this.#health.addToServer(this.#server);
    reflectionPackage ??= loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
    new ReflectionService(reflectionPackage, { services: names }).addToServer(this.#server);
  }

  #addService(service: ServedService<ServiceDefinition>): void {
    const handlers: grpc.UntypedServiceImplementation = {};
    const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
    for (const [name, method] of Object.entries(service.definition) as unknown as Array<[string, MethodDefinition<unknown, unknown>]>) {
      const implementation = (service.implementation as Readonly<Record<string, unknown>>)[name];
      if (!implementation) throw new Error(`${service.name} has no handler for ${name}`);
      definition[name] = { ...method, requestDeserialize: safely(method.requestDeserialize) };
      handlers[name] = method.responseStream
        ? this.#streamHandler(method.path, implementation as ServerStreamMethod<unknown, unknown>)
        : this.#unaryHandler(method.path, implementation as UnaryMethod<unknown, unknown>);
    }
    this.#server.addService(definition as grpc.ServiceDefinition, handlers);
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
    for (const name of ['', ...this.#options.services.map((service) => service.name)]) this.#health.setStatus(name, status);
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

  /** Every call goes through the same interceptors, then the method's handler. */
  async #serve<R>(
    path: string,
    method: { access: Access; schema?: UnaryMethod<unknown, unknown>['schema']; maxDurationMs?: number },
    call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
    streaming: boolean,
    run: (request: unknown, context: CallContext) => Promise<R>,
  ): Promise<R> {
    const controller = new AbortController();
    if (streaming) this.#streams.add(controller);
    call.on('cancelled', () => controller.abort(new DeadlineExceededError('the client cancelled the call')));
    const state: CallState = {
      path,
      metadata: call.metadata,
      request: call.request,
      access: method.access,
      schema: method.schema,
      clientDeadline: call.getDeadline(),
      timeLimitMs: streaming ? (method.maxDurationMs ?? ONE_HOUR_MS) : undefined,
      controller,
    };
    try {
      return (await this.#chain((current) => run(current.request, contextOf(current, this.#options.logger)))(state)) as R;
    } finally {
      this.#streams.delete(controller);
    }
  }

  /** Extra interceptors (tracing, metrics) run outermost, so they see every call, rejected ones too. */
  #chain(handler: (call: CallState) => Promise<unknown>) {
    return compose(
      [
        ...(this.#options.interceptors ?? []),
        authenticate(this.#options.identity),
        rejectMalformed,
        authorize,
        readCallMetadata,
        validate,
        enforceDeadline(this.#options.rpcTimeoutMs),
      ],
      handler,
    );
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

