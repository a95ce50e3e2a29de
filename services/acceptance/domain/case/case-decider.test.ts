import { describe, expect, it } from 'vitest';
import type { Applicant } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { WorkingCalendar } from '../../../platform/calendar/working-calendar.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { catalogSeed } from '../../seed/catalog-seed.ts';
import type { CaseEvent } from './case-events.ts';
import { caseDecider } from './case-decider.ts';

const spec = deciderSpec(caseDecider(new WorkingCalendar(holidayNotices)));
const foodLicense: ServiceItem = { ...catalogSeed[0]!, version: 1 };
const soleTrader: ServiceItem = { ...catalogSeed[1]!, version: 1 };
const applicant: Applicant = { kind: { $case: 'person', value: { name: '张三', idNumber: '11010519491231002X' } }, phone: '13800138000' };
const caseNumber = '35010220260917000001';
// 10:00 in Beijing on Thursday 2026-09-17.
const acceptedAt = new Date('2026-09-17T02:00:00Z');

const materialsOf = (item: ServiceItem) =>
  item.materials
    .filter((m) => m.required)
    .map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `upload-${m.code}`, trustLevel: 'TRUST_LEVEL_C' as const }));

const submit = (item: ServiceItem = foodLicense) => ({
  type: 'SubmitCase' as const,
  caseNumber,
  item,
  applicant,
  materials: materialsOf(item),
  submittedRegionCode: '350102001',
  channel: 'CHANNEL_KIOSK' as const,
  applicantSubject: 'applicant-zhang',
  now: acceptedAt,
});

const submitted = (item: ServiceItem = foodLicense): CaseEvent => ({
  $case: 'caseSubmitted',
  value: {
    caseNumber,
    itemCode: item.itemCode,
    itemVersion: 1,
    itemName: item.name,
    applicant,
    materials: submit(item).materials,
    submittedRegionCode: '350102001',
    handlingRegionCode: item.regionCode,
    handlingDepartment: item.agency!.department,
    channel: 'CHANNEL_KIOSK',
    applicantSubject: 'applicant-zhang',
  },
});

describe('case: none', () => {
  it('records a submission from a township kiosk, pinned to the item version, handled where the item is', () => {
    spec.given([]).when(submit()).then([submitted()]);
  });

  it('refuses a material the item does not ask for, naming the field', () => {
    const command = { ...submit(), materials: [{ ...submit().materials[0]!, materialCode: 'passport' }] };
    spec.given([]).when(command).thenThrows(ValidationError, 'materials[0].material_code: is not a material of item');
  });

  it('refuses a channel the item is not offered through', () => {
    const counterOnly = { ...foodLicense, channels: ['CHANNEL_COUNTER' as const] };
    spec.given([]).when(submit(counterOnly)).thenThrows(FailedPreconditionError, /cannot be applied for through CHANNEL_KIOSK/);
  });

  it('cannot accept or conclude a case that does not exist', () => {
    spec.given([]).when({ type: 'AcceptCase', item: foodLicense, now: acceptedAt }).thenThrows(FailedPreconditionError);
  });
});

describe('case: submitted', () => {
  it('is not accepted while required materials are missing, and says which ones, all at once', () => {
    const incomplete: CaseEvent = { ...submitted(), value: { ...(submitted().value as object), materials: materialsOf(foodLicense).slice(0, 2) } } as CaseEvent;
    spec.given([incomplete]).when({ type: 'AcceptCase', item: foodLicense, now: acceptedAt })
      .thenThrows(FailedPreconditionError, 'required materials are missing: id-card, safety-rules, floor-plan');
  });

  it('accepts on 2026-09-17 with the promised date after the make-up Sunday and the statutory one after National Day', () => {
    spec.given([submitted()]).when({ type: 'AcceptCase', item: foodLicense, now: acceptedAt }).thenState((state, events) => {
      expect(state.status).toBe('accepted');
      const accepted = events[0]!.$case === 'caseAccepted' ? events[0]!.value : undefined;
      expect(accepted).toMatchObject({
        acceptedOn: '2026-09-17',
        // 10 working days: Sep 18, 20 (make-up Sunday), 21-24, 28-30, Oct 8.
        promisedDeadline: { date: '2026-10-08', workingDays: 10, provisional: false },
        statutoryDeadline: { date: '2026-10-21', workingDays: 20, provisional: false },
        applicantPhone: '13800138000',
        channel: 'CHANNEL_KIOSK',
      });
      expect(accepted?.workflow).toEqual(foodLicense.workflow);
    });
  });

  it('takes the acceptance date in China time: 23:30 UTC is the next morning in Beijing', () => {
    spec.given([submitted()]).when({ type: 'AcceptCase', item: foodLicense, now: new Date('2026-09-16T23:30:00Z') }).thenState((_, events) => {
      expect(events[0]!.value).toMatchObject({ acceptedOn: '2026-09-17' });
    });
  });

  it('makes an on-the-spot item due the same day', () => {
    spec.given([submitted(soleTrader)]).when({ type: 'AcceptCase', item: soleTrader, now: acceptedAt }).thenState((_, events) => {
      expect(events[0]!.value).toMatchObject({
        promisedDeadline: { date: '2026-09-17', workingDays: 0 },
        // 15 working days: Sep 18, 20, 21-24, 28-30, Oct 8, 9, 10 (make-up Saturday), 12, 13, 14.
        statutoryDeadline: { date: '2026-10-14', workingDays: 15 },
      });
    });
  });

  it('marks a deadline that reaches into a year without a holiday notice as provisional', () => {
    spec.given([submitted()]).when({ type: 'AcceptCase', item: foodLicense, now: new Date('2026-12-21T02:00:00Z') }).thenState((_, events) => {
      expect(events[0]!.value).toMatchObject({ statutoryDeadline: { provisional: true }, promisedDeadline: { provisional: true } });
    });
  });
});

describe('case: accepted', () => {
  const accepted = (): CaseEvent[] => {
    const events: CaseEvent[] = [submitted()];
    spec.given(events).when({ type: 'AcceptCase', item: foodLicense, now: acceptedAt }).thenState((_, produced) => events.push(...produced));
    return events;
  };

  it('cannot be accepted twice', () => {
    spec.given(accepted()).when({ type: 'AcceptCase', item: foodLicense, now: acceptedAt }).thenThrows(FailedPreconditionError, /accepted cannot be accepted/);
  });

  it('concludes with approval\'s outcome, once however often the conclusion arrives', () => {
    const conclude = { type: 'ConcludeCase' as const, outcome: 'OUTCOME_APPROVED' as const, concludedOn: '2026-09-30', resultReference: 'L-1', reason: '', now: acceptedAt };
    const concluded: CaseEvent = {
      $case: 'caseConcluded',
      value: {
        caseNumber,
        outcome: 'OUTCOME_APPROVED',
        concludedOn: '2026-09-30',
        resultReference: 'L-1',
        reason: '',
        itemName: '食品经营许可',
        applicantSubject: 'applicant-zhang',
        applicantPhone: '13800138000',
      },
    };
    spec.given(accepted()).when(conclude).then([concluded]);
    spec.given([...accepted(), concluded]).when(conclude).then([]);
  });
});
