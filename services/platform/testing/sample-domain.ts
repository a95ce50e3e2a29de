import { SupervisionEvent } from '../../../generated/onewindow/supervision/v1/events.ts';
import type { Decider } from '../domain/decider.ts';
import { FailedPreconditionError } from '../domain/errors.ts';
import { createEventCodec } from '../events/event-codec.ts';
import type { EventContext } from '../events/envelope.ts';
import type { SupervisionPayload } from '../messaging/topics.ts';

/**
 * A minimal domain for the platform's own tests: a clock that can be started once. It borrows the
 * supervision contract's messages so that codecs, topics and the bus see real proto payloads.
 */
export type SampleEvent = SupervisionPayload;
export type SampleState = { readonly started: boolean };
export interface StartSample {
  readonly caseNumber: string;
}

export const sampleCodec = createEventCodec(SupervisionEvent);

export const sampleDecider: Decider<StartSample, SampleEvent, SampleState> = {
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
