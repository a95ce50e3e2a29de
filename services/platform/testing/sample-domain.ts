import { SampleEvent } from '../../../generated/onewindow/testing/v1/sample_events.ts';
import type { Decider } from '../domain/decider.ts';
import { FailedPreconditionError } from '../domain/errors.ts';
import { createEventCodec } from '../events/event-codec.ts';
import type { EventContext } from '../events/envelope.ts';
import type { Topic } from '../messaging/topic.ts';

/**
 * A minimal domain for the platform's own tests: a clock that can be started once. Its events are
 * the kernel's sample contract (proto/onewindow/testing/v1), so that codecs, topics and the bus see
 * real proto payloads without the kernel knowing any service.
 */
export type SamplePayload = NonNullable<SampleEvent['payload']>;
export type SampleState = { readonly started: boolean };
export interface StartSample {
  readonly caseNumber: string;
}

export const sampleCodec = createEventCodec(SampleEvent);

/** The topic the sample domain's events are published on. */
export const sampleTopic: Topic<SamplePayload> = {
  name: 'onewindow.testing.v1',
  service: 'sample',
  wrapper: SampleEvent,
  messageType: 'onewindow.testing.v1.SampleEvent',
};

export const sampleDecider: Decider<StartSample, SamplePayload, SampleState> = {
  initialState: () => ({ started: false }),
  evolve: (_state, event) => ({ started: event.$case === 'caseClockStarted' }),
  decide(command, state) {
    if (state.started) throw new FailedPreconditionError('already started');
    const noDeadline = { date: '', workingDays: 0, provisional: false };
    return [{
      $case: 'caseClockStarted',
      value: {
        caseNumber: command.caseNumber, itemCode: 'item', handlingRegionCode: '350102', handlingDepartment: 'SCJGJ',
        acceptedOn: '2026-11-20', statutoryDeadline: noDeadline, promisedDeadline: noDeadline,
      },
    }];
  },
};

export function sampleContext(caseNumber: string): EventContext {
  return {
    actor: { subject: 'clerk-1', role: 'ROLE_CLERK', channel: 'CHANNEL_COUNTER', hallId: 'h', windowId: 'w', department: '', regionCode: '350102' },
    correlationId: caseNumber,
    causationId: 'request-1',
    regionCode: '350102',
    traceContext: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: '' },
  };
}
