import * as grpc from '@grpc/grpc-js';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type GetNotificationRequest,
  type GetNotificationResponse,
  type ListNotificationsRequest,
  type ListNotificationsResponse,
  NotificationServiceClient,
  NotificationServiceService,
} from '../../generated/onewindow/notification/v1/notification_service.ts';
import { AlreadyExistsError, ConcurrencyError, FailedPreconditionError, NotFoundError, UnavailableError } from '../../services/platform/domain/errors.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import type { CallContext } from '../../services/platform/app/call-context.ts';
import type { CallInterceptor } from '../../services/platform/grpc/interceptors.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { developmentIdentity, mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';
import { checkHealth, listServices } from '../../services/platform/grpc/probes.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import type { ServiceImplementation } from '../../services/platform/grpc/rpc-method.ts';
import type { AccessPolicy } from '../../services/platform/security/access-policy.ts';
import { RpcServer, served } from '../../services/platform/grpc/rpc-server.ts';

const SERVICE = 'onewindow.notification.v1.NotificationService';

/** A test implementation of a real proto service whose behaviour the request chooses. */
function testImplementation(seen: CallContext[]): ServiceImplementation<typeof NotificationServiceService> {
  return {
    listNotifications: {
      schema: z.object({
        caseNumber: z.string().regex(/^\d{20}$/, 'must be a 20-digit case number'),
        pageSize: z.number().max(200, 'must be at most 200'),
      }),
      async handle(request: ListNotificationsRequest, context): Promise<ListNotificationsResponse> {
        seen.push(context);
        return { notifications: [], nextPageToken: request.caseNumber };
      },
    },
    getNotification: {
      async handle(request: GetNotificationRequest, context): Promise<GetNotificationResponse> {
        seen.push(context);
        const behaviours: Record<string, () => Promise<never>> = {
          'not-found': async () => { throw new NotFoundError('notification n-1 not found'); },
          precondition: async () => { throw new FailedPreconditionError('already delivered'); },
          conflict: async () => { throw new ConcurrencyError('s', 1, 2); },
          duplicate: async () => { throw new AlreadyExistsError('exists'); },
          unavailable: async () => { throw new UnavailableError('not caught up'); },
          bug: async () => { throw new TypeError('secret internal detail at /srv/app.ts:12'); },
          slow: () => new Promise<never>(() => undefined),
        };
        const behaviour = behaviours[request.notificationId];
        if (behaviour) return behaviour();
        if (request.notificationId.startsWith('wait-')) {
          await new Promise((resolve) => setTimeout(resolve, Number(request.notificationId.slice(5))));
        }
        return { notification: undefined };
      },
    },
    // Not exercised here; the kernel needs every method of the service.
    reportDeliveryReceipt: { handle: async () => ({ notification: undefined, consistencyToken: '' }) },
    setNotificationPreferences: { handle: async () => ({ preferences: undefined, consistencyToken: '' }) },
    // The one handler here that checks its resource: applicant-1's preferences.
    getNotificationPreferences: {
      async handle(_request, context) {
        context.authorize({ owner: 'applicant-1' });
        return { preferences: undefined };
      },
    },
  };
}

const everyone = { applicant: 'any', clerk: 'any', approver: 'any', supervisor: 'any', operator: 'any', system: 'any' } as const;
/** The test's access policy: a supervisor's listing is scoped, but its handler checks nothing (a bug the server catches). */
const testPolicy = {
  [SERVICE]: {
    ListNotifications: { clerk: 'any', supervisor: 'jurisdiction' },
    GetNotification: everyone,
    ReportDeliveryReceipt: { system: 'any' },
    SetNotificationPreferences: { applicant: 'own' },
    GetNotificationPreferences: { applicant: 'own' },
  },
} satisfies AccessPolicy;

describe('RpcServer', () => {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }),
  });
  let server: RpcServer;
  let client: NotificationServiceClient;
  let address = '';
  const seen: CallContext[] = [];

  const intercepted: Array<{ path: string; outcome: string }> = [];
  const recordOutcome: CallInterceptor = async (call, next) => {
    try {
      const result = await next();
      intercepted.push({ path: call.path, outcome: 'ok' });
      return result;
    } catch (error) {
      intercepted.push({ path: call.path, outcome: (error as Error).name });
      throw error;
    }
  };

  const start = async (rpcTimeoutMs = 5000) => {
    server = new RpcServer({
      interceptors: [recordOutcome],
      services: [served({ name: SERVICE, definition: NotificationServiceService, implementation: testImplementation(seen) })],
      identity: developmentIdentity,
      logger,
      rpcTimeoutMs,
      policy: testPolicy,
    });
    address = `127.0.0.1:${await server.start('127.0.0.1', 0)}`;
    client = new NotificationServiceClient(address, grpc.credentials.createInsecure());
  };

  afterEach(async () => {
    client?.close();
    await server?.shutdown(100);
  });

  const metadataFor = (claims: TokenClaims | null, channel?: string) => {
    const metadata = new grpc.Metadata();
    if (claims) metadata.set('authorization', `Bearer ${mintDevelopmentToken(claims)}`);
    if (channel) metadata.set('ow-channel', channel);
    return metadata;
  };
  const clerk: TokenClaims = { sub: 'clerk-1', roles: ['clerk'], region: '350102', hall: 'hall-1', window: 'w-2' };

  const get = (id: string, claims: TokenClaims | null = clerk, options: grpc.CallOptions = {}) =>
    new Promise<GetNotificationResponse>((resolve, reject) =>
      client.getNotification({ notificationId: id, consistencyToken: '' }, metadataFor(claims), options, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  const list = (request: Partial<ListNotificationsRequest>, claims: TokenClaims = clerk, channel?: string) =>
    new Promise<ListNotificationsResponse>((resolve, reject) =>
      client.listNotifications(
        { caseNumber: '', recipientSubject: '', pageSize: 0, pageToken: '', consistencyToken: '', ...request },
        metadataFor(claims, channel),
        (error, response) => (error ? reject(error) : resolve(response)),
      ),
    );

  it('answers grpc.health.v1 SERVING and lists its service and the health service by reflection', async () => {
    await start();
    expect(await checkHealth(address)).toBe('SERVING');
    expect(await checkHealth(address, SERVICE)).toBe('SERVING');
    expect((await listServices(address)).sort()).toEqual(['grpc.health.v1.Health', SERVICE].sort());
  });

  it('gives the handler the caller, the acting role, the channel and a deadline', async () => {
    await start();
    seen.length = 0;
    await list({ caseNumber: '35010220261122000001' }, { ...clerk, roles: ['applicant', 'clerk'] }, 'counter');
    expect(seen[0]).toMatchObject({
      caller: { subject: 'clerk-1', regionCode: '350102', hallId: 'hall-1', windowId: 'w-2' },
      role: 'ROLE_CLERK',
      channel: 'CHANNEL_COUNTER',
    });
    expect(seen[0]!.deadline.getTime()).toBeGreaterThan(Date.now());
  });

  it('rejects a call without a valid token as UNAUTHENTICATED and a wrong role as PERMISSION_DENIED', async () => {
    await start();
    await expect(get('x', null)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(list({}, { sub: 'a-1', roles: ['applicant'] })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
      details: expect.stringContaining('clerk, supervisor'),
    });
  });

  it('refuses to start when it serves an RPC the access policy does not name', () => {
    const { GetNotificationPreferences: _left, ...rest } = testPolicy[SERVICE];
    const create = () =>
      new RpcServer({
        services: [served({ name: SERVICE, definition: NotificationServiceService, implementation: testImplementation(seen) })],
        identity: developmentIdentity,
        logger,
        rpcTimeoutMs: 1000,
        policy: { [SERVICE]: rest },
      });
    expect(create).toThrow(`the access policy has no entry for /${SERVICE}/GetNotificationPreferences`);
  });

  it('checks a resource against the acting role\'s scope, and fails a scoped call whose handler checked nothing', async () => {
    await start();
    const preferences = (sub: string) =>
      new Promise((resolve, reject) =>
        client.getNotificationPreferences({}, metadataFor({ sub, roles: ['applicant'] }), (error, response) => (error ? reject(error) : resolve(response))),
      );
    await expect(preferences('applicant-1')).resolves.toEqual({ preferences: undefined });
    await expect(preferences('applicant-2')).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    const unchecked = (await list({ caseNumber: '35010220261122000001' }, { sub: 's-1', roles: ['supervisor'], region: '350100' }).catch((e: unknown) => e)) as grpc.ServiceError;
    expect(unchecked.code).toBe(grpc.status.INTERNAL);
    expect(lines.join('')).toContain('answered without checking its resource against the jurisdiction scope');
  });

  it('reports every invalid field of a request as INVALID_ARGUMENT with field violations', async () => {
    await start();
    const error = await list({ caseNumber: 'abc', pageSize: 500 }).catch((e: grpc.ServiceError) => e);
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(fieldViolationsOf((error as grpc.ServiceError).metadata)).toEqual([
      { field: 'case_number', description: 'must be a 20-digit case number' },
      { field: 'page_size', description: 'must be at most 200' },
    ]);
    await expect(list({ caseNumber: '35010220261122000001' }, clerk, 'fax')).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('metadata.ow-channel'),
    });
  });

  it('answers bytes that are not the request message with INVALID_ARGUMENT, not INTERNAL', async () => {
    await start();
    const raw = new grpc.Client(address, grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest(
        `/${SERVICE}/GetNotification`,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.from([0x0a, 0xff, 0xff, 0xff]),
        metadataFor(clerk),
        (e) => resolve(e as grpc.ServiceError),
      ),
    );
    raw.close();
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('maps each deliberate error to its status, and a bug to INTERNAL without its details', async () => {
    await start();
    const expected = {
      'not-found': grpc.status.NOT_FOUND,
      precondition: grpc.status.FAILED_PRECONDITION,
      conflict: grpc.status.ABORTED,
      duplicate: grpc.status.ALREADY_EXISTS,
      unavailable: grpc.status.UNAVAILABLE,
      bug: grpc.status.INTERNAL,
    };
    for (const [id, code] of Object.entries(expected)) await expect(get(id)).rejects.toMatchObject({ code });
    const bug = (await get('bug').catch((e: unknown) => e)) as grpc.ServiceError;
    expect(bug.details).not.toContain('secret');
    const errorId = /id ([0-9a-f-]{36})/.exec(bug.details)?.[1];
    expect(lines.join('')).toContain(errorId);
  });

  it('runs extra interceptors around every call, rejected ones included', async () => {
    await start();
    intercepted.length = 0;
    await get('fine');
    await get('x', null).catch(() => undefined);
    await get('not-found').catch(() => undefined);
    expect(intercepted).toEqual([
      { path: `/${SERVICE}/GetNotification`, outcome: 'ok' },
      { path: `/${SERVICE}/GetNotification`, outcome: 'UnauthenticatedError' },
      { path: `/${SERVICE}/GetNotification`, outcome: 'NotFoundError' },
    ]);
  });

  it('ends a call at the server limit with DEADLINE_EXCEEDED', async () => {
    await start(150);
    await expect(get('slow')).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
  });

  it('lets calls in flight finish when shutting down, and then reports NOT_SERVING', async () => {
    await start();
    const inFlight = get('wait-200');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = server.shutdown(5000);
    await expect(inFlight).resolves.toEqual({ notification: undefined });
    await stopping;
    await expect(checkHealth(address, '', 300)).rejects.toBeDefined();
  });
});
