import { describe, expect, it } from 'vitest';
import { SampleEvent } from '../../../generated/onewindow/testing/v1/sample_events.ts';
import { createEventCodec, streamCodec } from './event-codec.ts';

describe('event codec', () => {
  const codec = createEventCodec(SampleEvent, {
    // Imagine schema 1 stored the days used as a string field "days" and schema 2 renamed it.
    schemaVersions: { caseClockStopped: 2 },
    upcasters: {
      caseClockStopped: {
        1: (data) => {
          const { days, ...rest } = data as Record<string, string>;
          return { ...rest, workingDaysUsed: Number(days) };
        },
      },
    },
  });

  it('stores a payload as its canonical proto3 JSON with the current schema version', () => {
    const stored = codec.encode({
      $case: 'caseClockStopped',
      value: { caseNumber: 'c-1', concludedOn: '2026-10-09', workingDaysUsed: 11, withinStatutoryLimit: true, withinPromisedLimit: false, outcome: 'OUTCOME_APPROVED', ratingInvitationDueOn: '' },
    });
    expect(stored).toEqual({
      eventType: 'caseClockStopped',
      schemaVersion: 2,
      data: { caseNumber: 'c-1', concludedOn: '2026-10-09', workingDaysUsed: 11, withinStatutoryLimit: true, outcome: 'OUTCOME_APPROVED' },
    });
    expect(codec.decode(stored)).toEqual({
      $case: 'caseClockStopped',
      value: { caseNumber: 'c-1', concludedOn: '2026-10-09', workingDaysUsed: 11, withinStatutoryLimit: true, withinPromisedLimit: false, outcome: 'OUTCOME_APPROVED', ratingInvitationDueOn: '' },
    });
  });

  it('upcasts an event stored under an older schema when it is read', () => {
    const old = { eventType: 'caseClockStopped', schemaVersion: 1, data: { caseNumber: 'c-1', concludedOn: '2026-10-09', days: '7' } };
    expect(codec.decode(old)).toMatchObject({ $case: 'caseClockStopped', value: { caseNumber: 'c-1', workingDaysUsed: 7 } });
  });

  it('refuses to guess: a missing upcaster or an unknown type is an error', () => {
    const noUpcasters = createEventCodec(SampleEvent, { schemaVersions: { caseClockStarted: 3 } });
    expect(() => noUpcasters.decode({ eventType: 'caseClockStarted', schemaVersion: 1, data: {} })).toThrow(/no upcaster for caseClockStarted from schema version 1/);
    expect(() => codec.decode({ eventType: 'somethingElse', schemaVersion: 1, data: {} })).toThrow(/unknown event type/);
  });

  it('narrows to one aggregate\'s events and rejects others in its stream', () => {
    const startedOnly = streamCodec(codec, ['caseClockStarted']);
    expect(() => startedOnly.decode({ eventType: 'caseClockStopped', schemaVersion: 2, data: {} })).toThrow(/does not belong to this stream/);
  });
});
