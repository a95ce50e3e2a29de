import type { Payload } from '../events/event-codec.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { CalendarRegistry } from '../calendar/calendar-registry.ts';
import type { ServerCredentials } from '@grpc/grpc-js';
import type { IdentityResolver } from '../security/caller.ts';
import type { RateLimitSettings } from '../grpc/rate-limit.ts';
import type { RpcServer } from '../grpc/rpc-server.ts';
import type { AccessPolicy } from '../security/access-policy.ts';
import type { Logger } from '../logging/logger.ts';
import type { PersonalDataVault } from '../privacy/personal-data-vault.ts';
import type { ProjectionRunner } from '../projection/projection-runner.ts';
import type { ReadModelStore } from '../readmodel/read-model-store.ts';
import type { RegionRegistry } from '../regions/region-registry.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Clock } from '../time/clock.ts';
import type { IdGenerator } from '../time/ids.ts';
import type { JobOwnership } from './job-ownership.ts';
import type { CallerCheck } from './caller-check.ts';

/** What every service is built from; the runtime mode decides which adapters these are. */
export interface ServiceDependencies {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly bus: EventBus;
  readonly identity: IdentityResolver;
  /** What is checked of a verified caller beyond the token (the directory's staff posts); nothing when absent. */
  readonly callerCheck?: CallerCheck;
  /** Who may call which RPC, where: the platform's one table (services/contracts/access-policy.ts). */
  readonly accessPolicy: AccessPolicy;
  /** TLS or mutual TLS of the service's gRPC server (OW_GRPC_TLS_*); plaintext when absent. */
  readonly serverCredentials?: ServerCredentials;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The working-day calendars, kept in step with acceptance's calendar events. */
  readonly calendars: CalendarRegistry;
  readonly regions: RegionRegistry;
  /** Which replica runs each of the service's background jobs (one at a time). */
  readonly ownership: JobOwnership;
  /** Seals and opens personal data; one per process, shared by its services. */
  readonly personalData: PersonalDataVault;
  readonly settings: {
    readonly rpcTimeoutMs: number;
    readonly consistencyWaitMs: number;
    /** Input limits of the service's gRPC server (OW_GRPC_MAX_REQUEST_BYTES, OW_RATE_LIMIT_*). */
    readonly maxRequestBytes: number;
    readonly rateLimit: RateLimitSettings;
  };
}

/** A service as the runtime sees it: a gRPC server plus its background work. */
export interface ServiceModule {
  readonly name: string;
  /** Fully-qualified names of the proto services its server serves. */
  readonly protoServices: readonly string[];
  readonly server: Pick<RpcServer, 'start' | 'shutdown'>;
  /** Its read models, for waiting on tokens, rebuilding and tests. */
  readonly projections: readonly ProjectionRunner<Payload>[];
  /** Stored events its outbox relay has not published yet (0 before it starts). */
  relayLag(): Promise<number>;
  /** Starts the relay, projections and reactions (not the gRPC server). */
  start(): Promise<void>;
  /** Stops them, each after the batch it is handling. */
  stop(): Promise<void>;
}
