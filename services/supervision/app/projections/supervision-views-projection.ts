import { Rating } from '../../../../generated/onewindow/supervision/v1/rating.ts';
import { SupervisionOrder } from '../../../../generated/onewindow/supervision/v1/order.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import type { SupervisionPayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelTransaction } from '../../../platform/readmodel/read-model-store.ts';
import { type OrderEvent, evolveOrder, orderEventTypes } from '../../domain/order/order-decider.ts';
import { type RatingEvent, ratingEventTypes } from '../../domain/rating/rating-events.ts';
import { evolveRatings, noRatings } from '../../domain/rating/rating-state.ts';
import { StatisticsCellBatch, countingStatistics, statisticsCellsCollection } from '../statistics/statistics-cells.ts';
import { ALERTS, type AlertDocument, ORDERS, type OrderDocument, POLICIES, type PolicyDocument, RATINGS, type RatingDocument, WATCHES, type WatchDocument } from './supervision-documents.ts';
import { type FactCollections, alertContributions, ratingContributions, watchContributions } from '../statistics/fact-contributions.ts';

/** What statistics count of each collection (statistics/fact-contributions.ts). */
export const countedFacts: FactCollections = { [WATCHES]: watchContributions, [ALERTS]: alertContributions, [RATINGS]: ratingContributions };

const noDeadline: Deadline = { date: '', workingDays: 0, provisional: false };
const isRatingEvent = (event: EventEnvelope<SupervisionPayload>): event is EventEnvelope<RatingEvent> =>
  (ratingEventTypes as readonly string[]).includes(event.payload.$case);
const isOrderEvent = (event: EventEnvelope<SupervisionPayload>): event is EventEnvelope<OrderEvent> =>
  (orderEventTypes as readonly string[]).includes(event.payload.$case);

/** Watches, alerts, ratings, orders, policies and the statistics' roll-ups: everything supervision queries, from its own store. */
export const supervisionViewsProjection: Projection<SupervisionPayload> = {
  name: 'supervision-views',
  collections: [
    { name: WATCHES, indexes: [['status', 'nextAlertOn'], ['status', 'ratingInvitationDueOn'], ['handlingRegionCode']] },
    { name: ALERTS, indexes: [['handlingRegionCode', 'dueOn'], ['caseNumber'], ['resolvedOn', 'level', 'handlingRegionCode']] },
    { name: RATINGS, indexes: [['handlingRegionCode', 'ratedOn'], ['caseNumber'], ['followUp']] },
    { name: ORDERS, indexes: [['regionCode', 'dueOn'], ['department', 'dueOn']] },
    { name: POLICIES },
    statisticsCellsCollection,
  ],
  // Every write of a case, an alert or a rating also moves the statistics' roll-up cells, written once a batch.
  openBatch(tx) {
    const cells = new StatisticsCellBatch();
    return { tx: countingStatistics(tx, countedFacts, cells), close: () => cells.write(tx) };
  },
  async apply(event, tx) {
    if (isRatingEvent(event)) return applyRating(event, tx);
    if (isOrderEvent(event)) return applyOrder(event, tx);
    if (event.payload.$case === 'supervisionPolicySet') {
      const policy = event.payload.value.policy;
      if (policy) await tx.put<PolicyDocument>(POLICIES, { id: policy.regionCode, policy });
      return;
    }
    return applyWatch(event, tx);
  },
};

async function applyWatch(event: EventEnvelope<SupervisionPayload>, tx: ReadModelTransaction): Promise<void> {
  const payload = event.payload;
  if (payload.$case === 'caseReceived') {
    const r = payload.value;
    await tx.put<WatchDocument>(WATCHES, {
      id: r.caseNumber, itemCode: r.itemCode, itemName: r.itemName, handlingRegionCode: r.handlingRegionCode, handlingDepartment: r.handlingDepartment,
      hallId: r.hallId, channel: r.channel, status: 'waiting', receivedOn: r.receivedOn, acceptedOn: '', statutoryDeadline: noDeadline, promisedDeadline: noDeadline,
      pauses: [], pauseKind: 'SUSPENSION_KIND_UNSPECIFIED', nextAlertOn: '', alertIds: [], concludedOn: '', outcome: 'OUTCOME_UNSPECIFIED', workingDaysUsed: 0,
      withinStatutoryLimit: true, withinPromisedLimit: true, closedOn: '', ending: 'CASE_ENDING_UNSPECIFIED', ratingInvitationDueOn: '', onlineRated: false, invited: false,
    });
    return;
  }
  const watch = await tx.get<WatchDocument>(WATCHES, event.correlationId);
  if (!watch) throw new Error(`${payload.$case} of ${event.correlationId} before supervision received the case`);
  const put = (change: Partial<WatchDocument>) => tx.put<WatchDocument>(WATCHES, { ...watch, ...change });
  switch (payload.$case) {
    case 'caseClosedUnaccepted':
      return put({ status: 'closed', closedOn: payload.value.closedOn, ending: payload.value.ending });
    case 'caseClockStarted':
      return put({ status: 'running', acceptedOn: payload.value.acceptedOn, statutoryDeadline: payload.value.statutoryDeadline ?? noDeadline, promisedDeadline: payload.value.promisedDeadline ?? noDeadline });
    case 'caseClockDeadlinesUpdated':
      return put({ statutoryDeadline: payload.value.statutoryDeadline ?? noDeadline, promisedDeadline: payload.value.promisedDeadline ?? noDeadline });
    case 'caseClockPaused':
      return put({ status: 'paused', pauseKind: payload.value.kind, pauses: [...watch.pauses, { from: payload.value.since, to: '' }] });
    case 'caseClockResumed': {
      const { resumedOn, statutoryDeadline, promisedDeadline } = payload.value;
      const pauses = watch.pauses.map((p) => (p.to === '' ? { ...p, to: resumedOn } : p));
      return put({ status: 'running', pauseKind: 'SUSPENSION_KIND_UNSPECIFIED', pauses, statutoryDeadline: statutoryDeadline ?? noDeadline, promisedDeadline: promisedDeadline ?? noDeadline });
    }
    case 'caseAlertsScheduled':
      return put({ nextAlertOn: payload.value.schedule.map((due) => due.dueOn).sort()[0] ?? '' });
    case 'caseAlertRaised': {
      const a = payload.value;
      await tx.put<AlertDocument>(ALERTS, {
        id: a.alertId, caseNumber: a.caseNumber, deadlineKind: a.deadlineKind, level: a.level, dueOn: a.dueOn, raisedOn: a.raisedOn, resolvedOn: '', deadline: a.deadline,
        handlingRegionCode: a.handlingRegionCode, handlingDepartment: a.handlingDepartment, itemCode: a.itemCode, itemName: a.itemName, hallId: watch.hallId, channel: watch.channel,
        voided: false,
      });
      return put({ alertIds: [...watch.alertIds, a.alertId] });
    }
    case 'caseAlertsResolved':
      for (const id of payload.value.alertIds) {
        const alert = await tx.get<AlertDocument>(ALERTS, id);
        if (alert) await tx.put<AlertDocument>(ALERTS, { ...alert, resolvedOn: payload.value.resolvedOn, voided: payload.value.voidedAlertIds.includes(id) });
      }
      return;
    case 'caseVisited':
    case 'caseResultDelivered':
      return;
    case 'caseClockStopped': {
      const s = payload.value;
      const pauses = watch.pauses.map((p) => (p.to === '' ? { ...p, to: s.concludedOn } : p));
      return put({
        status: 'stopped', pauses, nextAlertOn: '', concludedOn: s.concludedOn, outcome: s.outcome, workingDaysUsed: s.workingDaysUsed,
        withinStatutoryLimit: s.withinStatutoryLimit, withinPromisedLimit: s.withinPromisedLimit, ratingInvitationDueOn: s.ratingInvitationDueOn,
      });
    }
    default:
      throw new Error(`supervision-views cannot apply ${payload.$case}`);
  }
}

async function applyRating(event: EventEnvelope<RatingEvent>, tx: ReadModelTransaction): Promise<void> {
  const payload = event.payload;
  if (payload.$case === 'ratingInvited') {
    const watch = await tx.get<WatchDocument>(WATCHES, payload.value.caseNumber);
    if (watch) await tx.put<WatchDocument>(WATCHES, { ...watch, invited: true });
    return;
  }
  const ratingId = payload.value.ratingId;
  const existing = await tx.get<RatingDocument>(RATINGS, ratingId);
  const before = noRatings();
  const seeded = existing ? { ...before, ratings: new Map([[ratingId, Rating.fromJSON(existing.rating)]]) } : before;
  const rating = evolveRatings(seeded, payload).ratings.get(ratingId);
  if (!rating) throw new Error(`${payload.$case} of ${ratingId} before the rating`);
  await tx.put<RatingDocument>(RATINGS, {
    id: rating.ratingId, caseNumber: rating.caseNumber, handlingRegionCode: rating.handlingRegionCode, handlingDepartment: rating.handlingDepartment,
    hallId: rating.hallId, itemCode: rating.itemCode, caseChannel: rating.caseChannel, level: rating.level, ratedOn: rating.ratedOn, bad: rating.bad,
    followUp: rating.followUp, excluded: rating.excluded,
    followedUp: rating.reportedOn !== '' || (rating.verifiedOn !== '' && !rating.substantiated),
    rectified: rating.substantiated && rating.reportedOn !== '',
    contactDueOn: rating.contactDueOn, rectifyDueOn: rating.rectifyDueOn,
    rating: Rating.toJSON(rating),
  });
  if (payload.$case === 'ratingSubmitted' && !rating.visitId) {
    const watch = await tx.get<WatchDocument>(WATCHES, rating.caseNumber);
    if (watch) await tx.put<WatchDocument>(WATCHES, { ...watch, onlineRated: true });
  }
}

async function applyOrder(event: EventEnvelope<OrderEvent>, tx: ReadModelTransaction): Promise<void> {
  const id = event.streamId.replace(/^order-/, '');
  const existing = await tx.get<OrderDocument>(ORDERS, id);
  const order = evolveOrder(existing ? SupervisionOrder.fromJSON(existing.order) : undefined, event.payload);
  if (!order) throw new Error(`${event.payload.$case} of order ${id} before it was issued`);
  await tx.put<OrderDocument>(ORDERS, {
    id: order.orderId, caseNumber: order.caseNumber, department: order.department, regionCode: order.regionCode, status: order.status, dueOn: order.dueOn,
    order: SupervisionOrder.toJSON(order),
  });
}
