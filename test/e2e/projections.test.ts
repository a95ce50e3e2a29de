import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptanceCodec } from '../../services/acceptance/app/acceptance-codec.ts';
import { approvalCodec } from '../../services/approval/app/approval-codec.ts';
import { processEventTypes } from '../../services/approval/domain/process/process-events.ts';
import { orderEventTypes } from '../../services/supervision/domain/order/order-decider.ts';
import { ratingEventTypes } from '../../services/supervision/domain/rating/rating-events.ts';
import { watchEventTypes } from '../../services/supervision/domain/watch/watch-events.ts';
import { notificationCodec } from '../../services/notification/app/notification-codec.ts';
import type { EventCodec, Payload } from '../../services/platform/events/event-codec.ts';
import type { EventEnvelope } from '../../services/platform/events/envelope.ts';
import { decodeStored } from '../../services/platform/messaging/integration-message.ts';
import type { AnyPayload } from '../../services/contracts/topics.ts';
import type { ServiceName } from '../../services/contracts/service-names.ts';
import type { ProjectionRunner } from '../../services/platform/projection/projection-runner.ts';
import type { ReadModelStore } from '../../services/platform/readmodel/read-model-store.ts';
import type { EventStore } from '../../services/platform/store/event-store.ts';
import { supervisionCodec } from '../../services/supervision/app/supervision-codec.ts';
import { runDemoFlow } from '../../scripts/demo-flow.ts';
import { administer, submitStartupBundle } from '../support/administration.ts';
import { acceptedCase, approveEverything, exerciseBackOffice } from '../support/back-office.ts';
import { exerciseSupervision } from '../support/supervision-office.ts';
import { ListAlertsRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { DeliverResultRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { people } from '../support/channels.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { ManualClock } from '../../services/platform/time/clock.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

const codecs: Record<ServiceName, EventCodec<AnyPayload>> = {
  acceptance: acceptanceCodec as EventCodec<AnyPayload>,
  approval: approvalCodec as EventCodec<AnyPayload>,
  supervision: supervisionCodec as EventCodec<AnyPayload>,
  notification: notificationCodec as EventCodec<AnyPayload>,
};

/** Every event of a service, decoded as projections receive them. */
async function eventsOf(service: ServiceName, store: EventStore): Promise<EventEnvelope<AnyPayload>[]> {
  return (await store.readAll(0, 1_000_000)).map((stored) => decodeStored(codecs[service], stored));
}

describe('projections are idempotent and rebuildable, for every read model of every service', () => {
  let test: TestPlatform;
  const runners: Array<{ service: ServiceName; runner: ProjectionRunner<Payload>; readModels: ReadModelStore; events: EventEnvelope<AnyPayload>[] }> = [];

  /** A projection's whole read model: every document of every collection, in id order. */
  const dump = async (runner: ProjectionRunner<Payload>, readModels: ReadModelStore) =>
    Object.fromEntries(await Promise.all(runner.collections.map(async (c) => [c, await readModels.find(c, { orderBy: [['id', 'asc']] })] as const)));

  beforeAll(async () => {
    // A fixed day in December, so that deadlines reach into 2027 and its notice moves them.
    const clock = new ManualClock('2026-12-21T10:00:00+08:00');
    test = await startTestPlatform({ OW_SUPERVISION_SWEEP_MS: '100' }, { clock });
    await runDemoFlow(test.endpoints);
    await runDemoFlow(test.endpoints);
    const clients = connect(test.endpoints);
    try {
      const running = await acceptedCase(clients);
      const withdrawn = await acceptedCase(clients);
      await call(clients.acceptance.withdrawCase, clients.acceptance, { requestId: randomUUID(), caseNumber: withdrawn, reason: '不再经营' }, callerMetadata(people.applicant, 'pc'));
      await administer(test.endpoints);
      await submitStartupBundle(test.endpoints);
      const concluded = await exerciseBackOffice(clients);
      await exerciseSupervision(clients, concluded);
      // Weeks later: the running case's alerts fall due, the unrated cases are invited to rate;
      // then the running case concludes and its alerts are resolved.
      clock.set('2027-02-01T10:00:00+08:00');
      const supervisor = callerMetadata(people.supervisor, 'pc');
      await waitUntil('alerts and invitations', async () => {
        const { alerts } = await call(clients.supervision.listAlerts, clients.supervision, ListAlertsRequest.fromPartial({ regionCode: '350102' }), supervisor);
        const { clock: concludedClock } = await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber: concluded, consistencyToken: '' }, supervisor);
        return alerts.some((a) => a.caseNumber === running && a.level === 'ALERT_LEVEL_RED') && concludedClock !== undefined;
      });
      await approveEverything(clients, running, ['SCJGJ']);
      await waitUntil('the alerts to be resolved', async () => {
        const { clock: runningClock } = await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber: running, consistencyToken: '' }, supervisor);
        return runningClock?.alerts.every((a) => a.resolvedOn !== '') === true;
      });
      // Its result handed over: supervision stops watching the delivery deadline.
      await call(clients.acceptance.deliverResult, clients.acceptance, DeliverResultRequest.fromPartial({ requestId: randomUUID(), caseNumber: running, method: 'DELIVERY_METHOD_WINDOW' }), callerMetadata(people.countyClerk, 'counter'));
      const supervisionStore = test.platform.dependencies.supervision.store;
      await waitUntil('supervision to record the delivery', async () => (await eventsOf('supervision', supervisionStore)).some((e) => e.eventType === 'caseResultDelivered'));
    } finally {
      clients.close();
    }
    const dependencies = test.platform.dependencies;
    const all = (await Promise.all(
      (Object.keys(codecs) as ServiceName[]).map((service) => eventsOf(service, dependencies[service].store)),
    )).flat();
    for (const [service, module] of Object.entries(test.platform.modules) as Array<[ServiceName, (typeof test.platform.modules)[ServiceName]]>) {
      for (const runner of module.projections) {
        const fromOwnStore = runner.sourceServices.length === 1 && runner.sourceServices[0] === service;
        const events = fromOwnStore ? await eventsOf(service, dependencies[service].store) : all;
        runners.push({ service, runner, readModels: dependencies[service].readModels, events });
      }
    }
    for (const { runner } of runners) await waitUntil(`${runner.name} to catch up`, async () => (await runner.lag()) === 0);
  }, 60_000);
  afterAll(() => test?.stop());

  it('covers every projection of the four services', () => {
    expect(runners.map(({ service, runner }) => `${service}/${runner.name}`).sort()).toEqual([
      'acceptance/bundle-applications', 'acceptance/calendar', 'acceptance/case-history', 'acceptance/case-view', 'acceptance/catalog',
      'acceptance/directory', 'acceptance/directory-view', 'acceptance/jurisdiction', 'acceptance/wallet',
      'approval/approval-views', 'approval/calendar', 'approval/directory-view', 'notification/directory-view', 'notification/notifications',
      'supervision/calendar', 'supervision/case-trace', 'supervision/directory-view', 'supervision/supervision-views',
    ]);
    for (const { runner, events } of runners) expect(events.length, runner.name).toBeGreaterThan(0);
    // The data set holds every kind of approval and supervision event, so each view's rebuild covers each.
    const approvalEvents = runners.find(({ runner }) => runner.name === 'approval-views')!.events;
    expect(new Set(approvalEvents.map((e) => e.eventType))).toEqual(new Set(processEventTypes));
    const supervisionEvents = runners.find(({ runner }) => runner.name === 'supervision-views')!.events;
    expect(new Set(supervisionEvents.map((e) => e.eventType))).toEqual(
      new Set([...watchEventTypes, ...ratingEventTypes, ...orderEventTypes, 'supervisionPolicySet']),
    );
  });

  it('leaves each read model unchanged when every event is delivered twice more', async () => {
    for (const { runner, readModels, events } of runners) {
      const before = await dump(runner, readModels);
      expect(Object.values(before).flat().length, runner.name).toBeGreaterThan(0);
      await runner.applyBatch(events);
      for (const event of events) await runner.applyBatch([event, event]);
      expect(await dump(runner, readModels), runner.name).toEqual(before);
    }
  });

  it('rebuilds each read model from scratch into exactly the live one', async () => {
    for (const { runner, readModels } of runners) {
      const live = await dump(runner, readModels);
      await runner.rebuild();
      await waitUntil(`${runner.name} to rebuild`, async () => (await runner.lag()) === 0);
      expect(await dump(runner, readModels), runner.name).toEqual(live);
    }
  });
});

