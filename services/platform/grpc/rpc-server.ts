import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { DeadlineExceededError, UnavailableError, ValidationError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { revealPersonalData } from '../privacy/reveal-personal-data.ts';
import type { CallContext } from '../app/call-context.ts';
import type { IdentityResolver } from '../security/caller.ts';
import { toServiceError } from './error-mapper.ts';
import { serverReflection } from './server-reflection.ts';
import type { Stoppable } from '../async/background-work.ts';
import { observeGauges } from '../telemetry/metrics.ts';
import { type AccessPolicy, type MethodRule, assertPolicyCovers, ruleFor } from '../security/access-policy.ts';
import type {
  BidiStreamMethod,
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
import { type RateLimitSettings, rateLimit } from './rate-limit.ts';
import { onStoppedForGood, stoppedForGood } from '../async/stopped-for-good.ts';

const ONE_HOUR_MS = 3_600_000;
/**
 * The largest response sent: gRPC clients accept at most 4 MiB by default, so a larger one would
 * fail at the client anyway; failing here spares the bandwidth. Pages (at most 200) stay far below.
 */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;


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
  /**
   * Who may call what, where (the platform's table is services/contracts/access-policy.ts). The
   * server refuses to start if it serves an RPC the policy does not name (default: none named).
   */
  readonly policy?: AccessPolicy;
  /** Interceptors run before the standard ones (authenticate, rate limit, authorise, validate, deadline). */
  readonly interceptors?: readonly CallInterceptor[];
  /** TLS or mutual TLS (tls-credentials.ts); plaintext when absent. */
  readonly credentials?: grpc.ServerCredentials;
  /** Largest request message accepted; grpc-js answers a larger one RESOURCE_EXHAUSTED (default 4 MiB). */
  readonly maxRequestBytes?: number;
  /** Calls per caller (see rate-limit.ts); unlimited when absent. */
  readonly rateLimit?: RateLimitSettings;
  /**
   * Opens the personal data sealed in responses (privacy/): masked unless the handler showed it
   * in full (`context.showPersonalData()`); without it, sealed values leave as they are.
   */
  readonly personalData?: { open(value: string): Promise<string> };
}

/**
 * One service's gRPC server with what every OneWindow server has: grpc.health.v1 health checking,
 * server reflection, and the same interceptor chain for every call — authenticate, limit each
 * caller's rate, reject malformed bytes, authorise by role, read channel and trace context,
 * validate, run under the deadline — with errors mapped in one place. Shutdown drains in-flight calls and ends open streams.
 */
export class RpcServer {
  readonly #options: RpcServerOptions;
  readonly #server: grpc.Server;
  readonly #policy: AccessPolicy;
  /** The chain every call goes through; see #serve. */
  readonly #interceptors: readonly CallInterceptor[];
  readonly #health: HealthImplementation;
  /** Open server streams: they end at shutdown; unary calls are left to finish. */
  readonly #streams = new Set<AbortController>();
  #stopListening = () => {};
  #serving = false;
  /** onewindow.serving: what the health service answers, for an alert on a replica that is up but NOT_SERVING. */
  #servingGauge: Stoppable | undefined;

  constructor(options: RpcServerOptions) {
    this.#options = options;
    this.#server = new grpc.Server({
      ...(options.maxRequestBytes ? { 'grpc.max_receive_message_length': options.maxRequestBytes } : {}),
      'grpc.max_send_message_length': MAX_RESPONSE_BYTES,
    });
    this.#policy = options.policy ?? {};
    // Extra interceptors (tracing, metrics) run outermost, so they see every call, rejected ones too.
    this.#interceptors = [
      ...(options.interceptors ?? []),
      authenticate(options.identity),
      rateLimit(options.rateLimit ?? { perSecond: 0, burst: 0 }),
      rejectMalformed,
      authorize,
      readCallMetadata,
      validate,
      enforceDeadline(options.rpcTimeoutMs),
    ];
    assertPolicyCovers(this.#policy, options.services.flatMap((service) => Object.values(service.definition).map((method) => method.path)));
    for (const service of options.services) this.#addService(service);
    const names = options.services.map((service) => service.name);
    this.#health = new HealthImplementation(Object.fromEntries(['', ...names].map((name) => [name, 'NOT_SERVING' as const])));
    this.#health.addToServer(this.#server);
    serverReflection(names).addToServer(this.#server);
  }

  #addService(service: ServedService<ServiceDefinition>): void {
    const handlers: grpc.UntypedServiceImplementation = {};
    const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
    for (const [name, method] of Object.entries(service.definition) as unknown as Array<[string, MethodDefinition<unknown, unknown>]>) {
      const implementation = (service.implementation as Readonly<Record<string, unknown>>)[name];
      if (!implementation) throw new Error(`${service.name} has no handler for ${name}`);
      definition[name] = { ...method, requestDeserialize: safely(method.requestDeserialize) };
      // The constructor has checked that the policy covers every path.
      const rule = ruleFor(this.#policy, method.path)!;
      handlers[name] = method.requestStream
        ? this.#bidiHandler(method.path, rule, implementation as BidiStreamMethod<unknown, unknown>)
        : method.responseStream
          ? this.#streamHandler(method.path, rule, implementation as ServerStreamMethod<unknown, unknown>)
          : this.#unaryHandler(method.path, rule, implementation as UnaryMethod<unknown, unknown>);
    }
    this.#server.addService(definition as grpc.ServiceDefinition, handlers);
  }

  /** Listens and reports SERVING; resolves to the bound port (useful with port 0). */
  async start(host: string, port: number): Promise<number> {
    const bind = promisify(this.#server.bindAsync.bind(this.#server));
    const bound = await bind(`${host}:${port}`, this.#options.credentials ?? grpc.ServerCredentials.createInsecure());
    // Serving only while no background loop of the process has stopped for good (stopped-for-good.ts).
    if (stoppedForGood().length === 0) this.#setServing('SERVING');
    this.#stopListening = onStoppedForGood(() => this.#setServing('NOT_SERVING'));
    this.#servingGauge = observeGauges('grpc', [
      {
        name: 'onewindow.serving',
        description: 'Whether the server answers SERVING to grpc.health.v1 (1) or NOT_SERVING (0), per service.',
        read: async () => this.#options.services.map((service) => [this.#serving ? 1 : 0, { 'rpc.service': service.name }] as const),
      },
    ]);
    return bound;
  }

  /** Reports NOT_SERVING, ends open streams, waits for in-flight calls up to `graceMs`, then stops. */
  async shutdown(graceMs: number): Promise<void> {
    this.#stopListening();
    this.#setServing('NOT_SERVING');
    for (const stream of this.#streams) stream.abort(new UnavailableError('the server is shutting down'));
    const drained = new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    if ((await Promise.race([drained, timedOut])) === 'timeout') this.#server.forceShutdown();
    clearTimeout(timer);
    await this.#servingGauge?.stop();
  }

  #setServing(status: 'SERVING' | 'NOT_SERVING'): void {
    this.#serving = status === 'SERVING';
    for (const name of ['', ...this.#options.services.map((service) => service.name)]) this.#health.setStatus(name, status);
  }

  #unaryHandler(path: string, rule: MethodRule, method: UnaryMethod<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    return (call, callback) => {
      this.#serve(path, rule, method, call, call.request, false, async (request, context, reveal) => reveal(await method.handle(request, context))).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, this.#options.logger, path)),
      );
    };
  }

  #streamHandler(path: string, rule: MethodRule, method: ServerStreamMethod<unknown, unknown>): grpc.handleServerStreamingCall<unknown, unknown> {
    return (call) => {
      this.#serve(path, rule, method, call, call.request, true, (request, context, reveal) =>
        streamRevealed((write) => method.stream(request, context, write), reveal, (response) => call.write(response)),
      ).then(
        () => call.end(),
        (error: unknown) => call.emit('error', toServiceError(error, this.#options.logger, path)),
      );
    };
  }

  /** The first message passes the interceptors as a unary request does; the handler reads the rest. */
  #bidiHandler(path: string, rule: MethodRule, method: BidiStreamMethod<unknown, unknown>): grpc.handleBidiStreamingCall<unknown, unknown> {
    return (call) => {
      const messages = cancellable((call as AsyncIterable<unknown>)[Symbol.asyncIterator]());
      const served = messages.next().then((first) =>
        this.#serve(path, rule, method, call, first.done ? MALFORMED : first.value, true, (request, context, reveal) =>
          streamRevealed((write) => method.stream(request, remaining(messages), context, write), reveal, (response) => call.write(response)),
        ),
      );
      served.then(
        () => call.end(),
        (error: unknown) => call.emit('error', toServiceError(error, this.#options.logger, path)),
      );
    };
  }

  /** Every call goes through the same interceptors, then the method's handler. */
  async #serve<R>(
    path: string,
    rule: MethodRule,
    method: { schema?: UnaryMethod<unknown, unknown>['schema']; maxDurationMs?: number },
    call: Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getDeadline'> & { on(event: 'cancelled', listener: () => void): unknown },
    request: unknown,
    streaming: boolean,
    run: (request: unknown, context: CallContext, reveal: <T>(response: T) => Promise<T>) => Promise<R>,
  ): Promise<R> {
    const controller = new AbortController();
    if (streaming) this.#streams.add(controller);
    call.on('cancelled', () => controller.abort(new DeadlineExceededError('the client cancelled the call')));
    const state: CallState = {
      path,
      metadata: call.metadata,
      request,
      rule,
      schema: method.schema,
      clientDeadline: call.getDeadline(),
      timeLimitMs: streaming ? (method.maxDurationMs ?? ONE_HOUR_MS) : undefined,
      controller,
      personalDataView: 'masked',
    };
    const vault = this.#options.personalData;
    const reveal = <T>(response: T): Promise<T> => (vault ? revealPersonalData(vault, response, state.personalDataView) : Promise.resolve(response));
    try {
      return (await compose(this.#interceptors, (current) => run(current.request, contextOf(current, this.#options.logger), reveal))(state)) as R;
    } finally {
      this.#streams.delete(controller);
    }
  }
}

/** A stream's responses are revealed one by one, and written in the order the handler wrote them. */
async function streamRevealed(
  stream: (write: (response: unknown) => void) => Promise<void>,
  reveal: <T>(response: T) => Promise<T>,
  write: (response: unknown) => void,
): Promise<void> {
  let written = Promise.resolve();
  try {
    await stream((response) => {
      written = written.then(async () => write(await reveal(response)));
    });
  } finally {
    // A handler's own failure wins; a failed reveal still ends the stream with an error.
    await written;
  }
}

/**
 * A client's messages as its stream gives them, except that a stream the client cancelled or cut
 * off (Node's ERR_STREAM_PREMATURE_CLOSE) ends the call as any cancelled call ends, not as a
 * failure of the server.
 */
function cancellable(messages: AsyncIterator<unknown>): AsyncIterator<unknown> {
  return {
    next: () =>
      messages.next().catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new DeadlineExceededError('the client cancelled the call');
        throw error;
      }),
  };
}

/** The client's messages after the first; one that does not decode ends the call INVALID_ARGUMENT. */
async function* remaining(messages: AsyncIterator<unknown>): AsyncIterable<unknown> {
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    if (next.value === MALFORMED) throw ValidationError.field('request', 'a message of the stream is not the method\'s request message');
    yield next.value;
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

