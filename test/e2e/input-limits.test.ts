import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import type { ServiceName } from '../../services/contracts/service-names.ts';
import { fieldViolationsOf, retryDelayMsOf } from '../../services/platform/grpc/rich-status.ts';
import { roleNameList } from '../../services/platform/security/caller.ts';
import { allowedRoles, ruleFor } from '../../services/platform/security/access-policy.ts';
import { accessPolicy } from '../../services/contracts/access-policy.ts';
import { type OversizedRequest, type RequestMethod, oversizedRequests, requestMethods } from '../support/oversized-requests.ts';
import { platformForSuite } from '../support/platform-suite.ts';
import type { TestPlatform } from '../support/test-platform.ts';

/**
 * A caller whose roles the method allows, so that the call gets past authorisation to validation:
 * a person with every role a person may hold, or a service for the methods only services call.
 */
const personCaller = callerMetadata(
  { sub: 'limits-prober', roles: roleNameList.filter((role) => role !== 'system'), region: '350102', department: 'SCJGJ', hall: 'gulou-hall', window: 'window-7', holder: { idNumber: '34052419800101001X' } },
  'counter',
);
const serviceCaller = callerMetadata({ sub: 'service:notification', roles: ['system'] }, 'counter');
const callerFor = (method: RequestMethod) => {
  const rule = ruleFor(accessPolicy, method.path);
  if (!rule) throw new Error(`the access policy has no rule for ${method.path}`);
  return allowedRoles(rule).some((role) => role !== 'system') ? personCaller : serviceCaller;
};

interface Answer {
  readonly code: grpc.status;
  readonly details: string;
  readonly violations: readonly string[];
}

/** Sends a request's bytes as they are, so any field of any method can be set without its generated type. */
function send(client: grpc.Client, method: RequestMethod, bytes: Uint8Array, metadata: grpc.Metadata): Promise<Answer> {
  const identity = (buffer: Buffer) => buffer;
  const options = { deadline: Date.now() + 10_000 };
  const answered = (error: grpc.ServiceError | null): Answer =>
    error ? { code: error.code, details: error.details, violations: fieldViolationsOf(error.metadata).map((v) => v.field) } : { code: grpc.status.OK, details: '', violations: [] };
  return new Promise((resolve) => {
    if (!method.serverStreaming) {
      client.makeUnaryRequest(method.path, identity, identity, Buffer.from(bytes), metadata, options, (error) => resolve(answered(error)));
      return;
    }
    const stream = client.makeServerStreamRequest(method.path, identity, identity, Buffer.from(bytes), metadata, options);
    // A stream that opens has let the request through: that is the failure, whatever follows.
    stream.on('data', () => (resolve(answered(null)), stream.cancel()));
    stream.on('error', (error: grpc.ServiceError) => resolve(answered(error)));
    stream.on('end', () => resolve(answered(null)));
  });
}

async function storedEvents(test: TestPlatform): Promise<number[]> {
  const services = Object.values(test.platform.dependencies);
  return Promise.all(services.map((deps) => deps.store.headPosition()));
}

describe('input limits', () => {
  const suite = platformForSuite();
  const clients = new Map<string, grpc.Client>();

  beforeAll(() => {
    for (const [name, module] of Object.entries(suite.test.platform.modules)) {
      const client = new grpc.Client(suite.test.endpoints[name as ServiceName], grpc.credentials.createInsecure());
      for (const service of module.protoServices) clients.set(service, client);
    }
  });
  afterAll(() => new Set(clients.values()).forEach((client) => client.close()));

  it('bounds every string, repeated field and map of every request: far over, it is INVALID_ARGUMENT naming the field, and nothing is stored', async () => {
    const methods = requestMethods();
    const before = await storedEvents(suite.test);
    const failures: string[] = [];
    let fields = 0;
    for (const method of methods) {
      const client = clients.get(method.service);
      if (!client) throw new Error(`${method.service} is served by no service of the platform`);
      for (const request of oversizedRequests(method.input)) {
        fields += 1;
        const answer = await send(client, method, request.bytes, callerFor(method));
        if (answer.code !== grpc.status.INVALID_ARGUMENT || !answer.violations.includes(request.field)) failures.push(describeFailure(method, request, answer));
      }
    }
    console.log(`input limits: ${methods.length} methods, ${fields} oversized fields sent`);
    expect(failures).toEqual([]);
    expect(fields).toBeGreaterThan(methods.length);
    expect(await storedEvents(suite.test)).toEqual(before);
  }, 120_000);

  it('answers a request message over OW_GRPC_MAX_REQUEST_BYTES with RESOURCE_EXHAUSTED before reading it', async () => {
    const listRegions = requestMethods().find((method) => method.path.endsWith('/ListRegions'))!;
    // parent_code (field 1, length-delimited) of 2 MiB: over the 1 MiB default.
    const huge = Buffer.alloc(2 * 1024 * 1024, 'x');
    const bytes = Buffer.concat([Buffer.from([0x0a]), varint(huge.length), huge]);
    const answer = await send(clients.get(listRegions.service)!, listRegions, bytes, personCaller);
    expect(answer.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(answer.details).toMatch(/^Received message larger than max \(\d+ vs 1048576\)$/);
  });
});

describe('the rate limit per caller, over gRPC', () => {
  // 20 calls in a window of 20 seconds: the window outlasts the test's calls on any machine.
  const suite = platformForSuite({ OW_RATE_LIMIT_PER_SECOND: '1', OW_RATE_LIMIT_BURST: '20' });
  const clerk = callerMetadata({ sub: 'clerk-gulou-07', roles: ['clerk'], region: '350102' }, 'counter');
  const otherClerk = callerMetadata({ sub: 'clerk-gulou-08', roles: ['clerk'], region: '350102' }, 'counter');
  const listRegions = (metadata: grpc.Metadata) =>
    call(suite.clients.acceptance.listRegions, suite.clients.acceptance, { parentCode: '', pageSize: 0, pageToken: '', includeEnded: false }, metadata).then(
      () => 'ok' as const,
      (error: grpc.ServiceError) => error,
    );

  it('answers the call after the burst RESOURCE_EXHAUSTED with a RetryInfo, and serves another caller as before', async () => {
    for (let i = 0; i < 20; i++) expect(await listRegions(clerk)).toBe('ok');
    const refused = await listRegions(clerk);
    if (refused === 'ok') return expect.unreachable('the call over the limit succeeded');
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const delayMs = retryDelayMsOf(refused.metadata);
    expect(delayMs).toBeGreaterThan(0);
    expect(delayMs).toBeLessThanOrEqual(20_000);
    expect(refused.details).not.toContain('clerk-gulou-07');
    expect(await listRegions(otherClerk)).toBe('ok');
  });
});

function describeFailure(method: RequestMethod, request: OversizedRequest, answer: Answer): string {
  const name = method.path.split('/').pop();
  return `${name} ${request.field}: ${grpc.status[answer.code]} ${answer.violations.length ? `[${answer.violations.join(', ')}]` : answer.details.slice(0, 120)}`;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
