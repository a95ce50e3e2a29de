import { describe, it } from 'vitest';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { type HistoryOrderEvent, historyOrderDecider } from './history-order-decider.ts';

const spec = deciderSpec(historyOrderDecider);
/** "effect<cause" is an event and its same-case cause; "event" has none. */
const arrival = (text: string) => {
  const [eventId = '', causeEventId = ''] = text.split('<');
  return { eventId, causeEventId };
};
const arrive = (...texts: string[]) => ({ type: 'RecordArrivals' as const, caseNumber: 'c-1', arrivals: texts.map(arrival) });
const arrived = (texts: string[], placedEventIds: string[], firstPosition: number): HistoryOrderEvent => ({
  $case: 'historyEntriesArrived',
  value: { caseNumber: 'c-1', arrivals: texts.map(arrival), placedEventIds, firstPosition: BigInt(firstPosition) },
});
const submitted = arrived(['submitted'], ['submitted'], 1);

describe('a case history’s one order', () => {
  it('places an entry at the next position when it arrives after its cause', () => {
    spec.given([]).when(arrive('submitted')).then([submitted]);
    spec.given([submitted]).when(arrive('accepted<submitted')).then([arrived(['accepted<submitted'], ['accepted'], 2)]);
  });

  it('holds an effect that arrives before its cause, and places it right after the cause', () => {
    const held = arrived(['task-done<accepted'], [], 0);
    spec.given([submitted, held]).when(arrive('accepted<submitted')).then([arrived(['accepted<submitted'], ['accepted', 'task-done'], 2)]);
  });

  it('places held effects of held effects depth first, each after its own cause', () => {
    const history = [submitted, arrived(['b<a', 'c<b'], [], 0), arrived(['d<a'], [], 0)];
    spec.given(history).when(arrive('a<submitted')).then([arrived(['a<submitted'], ['a', 'b', 'c', 'd'], 2)]);
    spec.given([...history, arrived(['a<submitted'], ['a', 'b', 'c', 'd'], 2)]).when(arrive('e')).then([arrived(['e'], ['e'], 6)]);
  });

  it('takes in several arrivals at once, an effect before its cause among them, as one event', () => {
    spec.given([submitted]).when(arrive('task<process', 'process<accepted', 'accepted<submitted')).then([
      arrived(['task<process', 'process<accepted', 'accepted<submitted'], ['accepted', 'process', 'task'], 2),
    ]);
    spec.given([submitted]).when(arrive('alert<clock', 'other<accepted')).then([arrived(['alert<clock', 'other<accepted'], [], 0)]);
  });

  it('records an entry once, however often its event is delivered', () => {
    spec.given([submitted]).when(arrive('submitted')).then([]);
    spec.given([arrived(['task-done<accepted'], [], 0)]).when(arrive('task-done<accepted')).then([]);
    spec.given([submitted]).when(arrive('submitted', 'accepted<submitted', 'accepted<submitted')).then([arrived(['accepted<submitted'], ['accepted'], 2)]);
  });
});
