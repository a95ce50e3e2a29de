import { describe, it } from 'vitest';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { type HistoryOrderEvent, historyOrderDecider } from './history-order-decider.ts';

const spec = deciderSpec(historyOrderDecider);
const arrive = (eventId: string, causeEventId?: string) => ({ type: 'RecordArrival' as const, caseNumber: 'c-1', eventId, ...(causeEventId ? { causeEventId } : {}) });
const arrived = (eventId: string, causeEventId: string, placedEventIds: string[], firstPosition: number): HistoryOrderEvent => ({
  $case: 'historyEntryArrived',
  value: { caseNumber: 'c-1', eventId, causeEventId, placedEventIds, firstPosition: BigInt(firstPosition) },
});

describe('a case history’s one order', () => {
  it('places an entry at the next position when it arrives after its cause', () => {
    spec.given([]).when(arrive('submitted')).then([arrived('submitted', '', ['submitted'], 1)]);
    spec.given([arrived('submitted', '', ['submitted'], 1)]).when(arrive('accepted', 'submitted')).then([arrived('accepted', 'submitted', ['accepted'], 2)]);
  });

  it('holds an effect that arrives before its cause, and places it right after the cause', () => {
    const history = [arrived('submitted', '', ['submitted'], 1), arrived('task-done', 'accepted', [], 0)];
    spec.given(history).when(arrive('accepted', 'submitted')).then([arrived('accepted', 'submitted', ['accepted', 'task-done'], 2)]);
  });

  it('places held effects of held effects depth first, each after its own cause', () => {
    const history = [
      arrived('submitted', '', ['submitted'], 1),
      arrived('b', 'a', [], 0),
      arrived('c', 'b', [], 0),
      arrived('d', 'a', [], 0),
    ];
    spec.given(history).when(arrive('a', 'submitted')).then([arrived('a', 'submitted', ['a', 'b', 'c', 'd'], 2)]);
    spec.given([...history, arrived('a', 'submitted', ['a', 'b', 'c', 'd'], 2)]).when(arrive('e')).then([arrived('e', '', ['e'], 6)]);
  });

  it('records an entry once, however often its event is delivered', () => {
    spec.given([arrived('submitted', '', ['submitted'], 1)]).when(arrive('submitted')).then([]);
    spec.given([arrived('task-done', 'accepted', [], 0)]).when(arrive('task-done', 'accepted')).then([]);
  });
});
