import { describe, expect, it } from 'vitest';
import type { Applicant, ReusableMaterial, SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { catalogSeed } from '../../seed/catalog-seed.ts';
import type { AcceptCase, CaseCommand, SubmitCase } from './case-commands.ts';
import { caseDecider } from './case-decider.ts';
import type { CaseEvent } from './case-events.ts';

const calendars = new CalendarRegistry(holidayNotices);
const decider = caseDecider(calendars);
const spec = deciderSpec(decider);

const item = (index: number, changes: Partial<ServiceItem> = {}): ServiceItem => ({ ...catalogSeed[index]!, version: 1, ...changes });
const foodLicense = item(0);
const soleTrader = item(1);
const applicant: Applicant = { kind: { $case: 'person', value: { name: '张三', idNumber: '11010519491231002X' } }, phone: '13800138000' };
const caseNumber = '35010220260917000001';
/** 10:00 in Beijing on Thursday 2026-09-17. */
const thursday = new Date('2026-09-17T02:00:00Z');
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

const upload = (code: string, trust: SubmittedMaterial['trustLevel'] = 'TRUST_LEVEL_C'): SubmittedMaterial => ({
  materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: trust,
});
const required = (of: ServiceItem) => of.materials.filter((m) => m.required).map((m) => upload(m.code));

const submit = (changes: Partial<SubmitCase> = {}): SubmitCase => ({
  type: 'SubmitCase',
  caseNumber,
  item: foodLicense,
  applicant,
  holderId: 'holder-zhang',
  materials: required(changes.item ?? foodLicense),
  submittedRegionCode: '350102001',
  channel: 'CHANNEL_KIOSK',
  submitter: 'applicant',
  applicantSubject: 'applicant-zhang',
  bundleId: '',
  reusable: [],
  now: thursday,
  ...changes,
});

/** The events of a sequence of commands, each decided on the state the previous ones left. */
function history(...commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...decider.decide(command, events.reduce(decider.evolve, decider.initialState())));
  return events;
}

const accept = (changes: Partial<AcceptCase> = {}): AcceptCase => ({
  type: 'AcceptCase', item: foodLicense, mode: 'ACCEPTANCE_MODE_NORMAL', catchUpWorkingDays: 0, toleranceEnabled: false, badCredit: false, now: thursday, ...changes,
});
type ValueOf<C extends CaseEvent['$case']> = Extract<CaseEvent, { $case: C }>['value'];
/** The value of the first event of a kind among the events a command produced. */
function payload<C extends CaseEvent['$case']>(events: readonly CaseEvent[], kind: C): ValueOf<C> | undefined {
  return events.find((e) => e.$case === kind)?.value as ValueOf<C> | undefined;
}

describe('case: none (submission)', () => {
  it('records a submission from a township kiosk, pinned to the item version, handled where the item is', () => {
    spec.given([]).when(submit()).thenState((state, events) => {
      expect(state.status).toBe('submitted');
      expect(payload(events, 'caseSubmitted')).toMatchObject({
        caseNumber, itemCode: foodLicense.itemCode, itemVersion: 1, submittedRegionCode: '350102001',
        handlingRegionCode: '350102', handlingDepartment: 'SCJGJ', holderId: 'holder-zhang', receivedOn: '2026-09-17', channel: 'CHANNEL_KIOSK',
      });
    });
  });

  it('refuses a material the item does not ask for, naming the field', () => {
    spec.given([]).when(submit({ materials: [upload('passport')] })).thenThrows(ValidationError, 'materials[0].material_code: is not a material of item');
  });

  it('refuses a channel the item is not offered through', () => {
    spec.given([]).when(submit({ item: item(0, { channels: ['CHANNEL_COUNTER'] }) })).thenThrows(FailedPreconditionError, /cannot be applied for through CHANNEL_KIOSK/);
  });

  it('receives an item at a hall only within its 通办 scope; online reaches it from anywhere', () => {
    // 食品经营许可 (Gulou) is handled in its own district only.
    spec.given([]).when(submit({ submittedRegionCode: '350121001', channel: 'CHANNEL_COUNTER' })).thenThrows(FailedPreconditionError, /cannot be received in 350121001/);
    spec.given([]).when(submit({ submittedRegionCode: '440106001', channel: 'CHANNEL_MOBILE' })).thenState((state) => expect(state.status).toBe('submitted'));
    // 个体工商户设立登记 is 跨县通办 within Fuzhou (跨市 scope): another county of the province may receive it.
    spec.given([]).when(submit({ item: soleTrader, submittedRegionCode: '350203001', channel: 'CHANNEL_COUNTER' })).thenState((s) => expect(s.status).toBe('submitted'));
    spec.given([]).when(submit({ item: soleTrader, submittedRegionCode: '440106001', channel: 'CHANNEL_COUNTER' })).thenThrows(FailedPreconditionError);
  });

  it('receives an item handled by a province or the nation in its whole subtree whatever its 通办 scope: a scope only widens', () => {
    const received = (changes: Partial<ServiceItem>, at: string) => submit({ item: item(0, changes), submittedRegionCode: at, channel: 'CHANNEL_COUNTER' });
    for (const scope of ['CROSS_REGION_SCOPE_COUNTY', 'CROSS_REGION_SCOPE_CITY', 'CROSS_REGION_SCOPE_NONE'] as const) {
      // 福建省's item at a Fuzhou township hall, and the nation's at a Guangzhou one.
      spec.given([]).when(received({ regionCode: '350000', crossRegionScope: scope }, '350102001')).thenState((s) => expect(s.status, scope).toBe('submitted'));
      spec.given([]).when(received({ regionCode: '100000', crossRegionScope: scope }, '440106001')).thenState((s) => expect(s.status, scope).toBe('submitted'));
      // Outside the province, only a wider scope reaches.
      spec.given([]).when(received({ regionCode: '350000', crossRegionScope: scope }, '440106001')).thenThrows(FailedPreconditionError, /cannot be received in 440106001/);
    }
  });

  it('bounds 跨县 scope by the city-level unit: all of 重庆 is one; a county-level city under its province is its own', () => {
    const received = (regionCode: string, at: string) => submit({ item: item(0, { regionCode, crossRegionScope: 'CROSS_REGION_SCOPE_COUNTY' }), submittedRegionCode: at, channel: 'CHANNEL_COUNTER' });
    // 渝中区 (重庆 市辖区) and a township of 城口县 (重庆 县).
    spec.given([]).when(received('500103', '500229100')).thenState((s) => expect(s.status).toBe('submitted'));
    // 仙桃市 and a township of 潜江市: two county-level cities under 湖北省 directly.
    spec.given([]).when(received('429004', '429005001')).thenThrows(FailedPreconditionError, /cannot be received in 429005001/);
    // 鼓楼区 and a township of 闽侯县: counties of one city (福州).
    spec.given([]).when(received('350102', '350121101')).thenState((s) => expect(s.status).toBe('submitted'));
  });

  describe('reusing materials (一号)', () => {
    const wallet: ReusableMaterial[] = [
      { kind: 'REUSABLE_KIND_E_LICENSE', type: '营业执照', reference: 'EL-35010220260901000001', trustLevel: 'TRUST_LEVEL_A', issuedOn: '2026-09-01', caseNumber: '35010220260901000001', name: '营业执照' },
      { kind: 'REUSABLE_KIND_EARLIER_MATERIAL', type: 'id-card', reference: '35010220260901000001', trustLevel: 'TRUST_LEVEL_B', issuedOn: '2026-09-01', caseNumber: '35010220260901000001', name: '身份证明' },
    ];
    const reuse = (materials: SubmittedMaterial[]) => submit({ reusable: wallet, materials: [...required(foodLicense).filter((m) => !materials.some((r) => r.materialCode === m.materialCode)), ...materials] });

    it('takes the applicant\'s e-license instead of an upload, as trust A', () => {
      const license: SubmittedMaterial = { materialCode: 'business-license', source: 'MATERIAL_SOURCE_E_LICENSE', reference: 'EL-35010220260901000001', trustLevel: 'TRUST_LEVEL_UNSPECIFIED' };
      spec.given([]).when(reuse([license])).thenState((_, events) => {
        expect(payload(events, 'caseSubmitted')?.materials.find((m) => m.materialCode === 'business-license')).toMatchObject({ source: 'MATERIAL_SOURCE_E_LICENSE', trustLevel: 'TRUST_LEVEL_A' });
      });
    });

    it('takes a material accepted in an earlier case with the trust it had', () => {
      const earlier: SubmittedMaterial = { materialCode: 'id-card', source: 'MATERIAL_SOURCE_EARLIER_CASE', reference: '35010220260901000001', trustLevel: 'TRUST_LEVEL_UNSPECIFIED' };
      spec.given([]).when(reuse([earlier])).thenState((_, events) => {
        expect(payload(events, 'caseSubmitted')?.materials.find((m) => m.materialCode === 'id-card')?.trustLevel).toBe('TRUST_LEVEL_B');
      });
    });

    it('refuses a license the applicant does not hold, or one that cannot stand in for the material', () => {
      const foreign: SubmittedMaterial = { materialCode: 'business-license', source: 'MATERIAL_SOURCE_E_LICENSE', reference: 'EL-somebody-else', trustLevel: 'TRUST_LEVEL_A' };
      const wrongType: SubmittedMaterial = { materialCode: 'application', source: 'MATERIAL_SOURCE_E_LICENSE', reference: 'EL-35010220260901000001', trustLevel: 'TRUST_LEVEL_A' };
      spec.given([]).when(reuse([foreign, wrongType])).thenThrows(ValidationError, /materials\[\d\]\.reference: is not an e-license of the applicant/);
    });

    it('does not let an applicant vouch for their own upload', () => {
      spec.given([]).when(submit({ materials: [upload('application', 'TRUST_LEVEL_B')] })).thenThrows(ValidationError, 'materials[0].trust_level');
      spec.given([]).when(submit({ submitter: 'staff', materials: [upload('application', 'TRUST_LEVEL_B')] })).thenState((s) => expect(s.status).toBe('submitted'));
    });
  });

  it('knows no case to accept, supplement or withdraw before it is submitted', () => {
    spec.given([]).when(accept()).thenThrows(FailedPreconditionError);
    spec.given([]).when({ type: 'WithdrawCase', reason: '', now: thursday }).thenThrows(FailedPreconditionError);
  });
});

describe('case: submitted (acceptance)', () => {
  it('accepts on 2026-09-17 with the promised date after the make-up Sunday and the statutory one after National Day', () => {
    spec.given(history(submit())).when(accept()).thenState((state, events) => {
      expect(state.status).toBe('accepted');
      expect(payload(events, 'caseAccepted')).toMatchObject({
        acceptedOn: '2026-09-17',
        mode: 'ACCEPTANCE_MODE_NORMAL',
        // 10 working days: Sep 18, 20 (make-up Sunday), 21-24, 28-30, Oct 8.
        promisedDeadline: { date: '2026-10-08', workingDays: 10, provisional: false },
        // 20: ... Oct 8, 9, 10 (make-up Saturday), 12-16, 19-21.
        statutoryDeadline: { date: '2026-10-21', workingDays: 20, provisional: false },
        applicantPhone: '13800138000',
      });
    });
  });

  it('takes the acceptance date in China time: 23:30 UTC is the next morning in Beijing', () => {
    spec.given(history(submit())).when(accept({ now: new Date('2026-09-16T23:30:00Z') })).thenState((_, events) => {
      expect(payload(events, 'caseAccepted')?.acceptedOn).toBe('2026-09-17');
    });
  });

  it('makes an on-the-spot item due the same day', () => {
    spec.given(history(submit({ item: soleTrader }))).when(accept({ item: soleTrader })).thenState((_, events) => {
      // 15 working days: Sep 18, 20, 21-24, 28-30, Oct 8, 9, 10, 12, 13, 14.
      expect(payload(events, 'caseAccepted')).toMatchObject({ promisedDeadline: { date: '2026-09-17', workingDays: 0 }, statutoryDeadline: { date: '2026-10-14', workingDays: 15 } });
    });
  });

  it('marks a deadline that reaches into a year without a holiday notice as provisional', () => {
    spec.given(history(submit({ now: at('2026-12-21') }))).when(accept({ now: at('2026-12-21') })).thenState((_, events) => {
      expect(payload(events, 'caseAccepted')).toMatchObject({ statutoryDeadline: { provisional: true }, promisedDeadline: { provisional: true } });
    });
  });

  it('is not accepted while required materials are missing, and says which ones, all at once', () => {
    spec.given(history(submit({ materials: required(foodLicense).slice(0, 2) }))).when(accept())
      .thenThrows(FailedPreconditionError, 'required materials are missing: id-card, safety-rules, floor-plan');
  });

  describe('one-time notice (一次性告知) and the 5-working-day rule', () => {
    const incomplete = () => history(submit({ materials: required(foodLicense).slice(0, 3) }));
    const notice = (now: Date, items = [{ materialCode: 'application', problem: 'MATERIAL_PROBLEM_DEFECTIVE' as const, note: '缺少法定代表人签字', materialName: '' }]) =>
      ({ type: 'RequestSupplement' as const, item: foodLicense, items, now });

    it('lists the defective materials the clerk names and every missing one, with names, in one notice', () => {
      spec.given(incomplete()).when(notice(at('2026-09-18'))).thenState((state, events) => {
        expect(state.status).toBe('supplement-requested');
        expect(payload(events, 'supplementRequested')?.items).toEqual([
          { materialCode: 'application', problem: 'MATERIAL_PROBLEM_DEFECTIVE', note: '缺少法定代表人签字', materialName: '食品经营许可申请书' },
          { materialCode: 'safety-rules', problem: 'MATERIAL_PROBLEM_MISSING', note: '', materialName: '食品安全自查、从业人员健康管理等制度' },
          { materialCode: 'floor-plan', problem: 'MATERIAL_PROBLEM_MISSING', note: '', materialName: '经营场所平面布局图' },
        ]);
      });
    });

    it('is one-time: a second notice is refused', () => {
      spec.given([...incomplete(), ...decider.decide(notice(at('2026-09-18')), incomplete().reduce(decider.evolve, decider.initialState()))])
        .when(notice(at('2026-09-21'))).thenThrows(FailedPreconditionError, 'was already given');
    });

    it('has nothing to tell when nothing is missing or defective', () => {
      spec.given(history(submit())).when(notice(at('2026-09-18'), [])).thenThrows(FailedPreconditionError, 'accept the case instead');
    });

    it('comes in time on the 5th working day after receipt (Thu 2026-09-17 → Thu 2026-09-24)', () => {
      // Sep 18, 20 (make-up Sunday), 21, 22, 23... the 5th is Wed 2026-09-23; Sep 24 is the 6th.
      spec.given(incomplete()).when(notice(at('2026-09-23'))).thenState((state) => expect(state.status).toBe('supplement-requested'));
    });

    it('made late, makes the case accepted on the receipt date, deadlines counted from it', () => {
      spec.given(incomplete()).when(notice(at('2026-09-24'))).thenState((state, events) => {
        expect(state.status).toBe('accepted');
        expect(events.map((e) => e.$case)).toEqual(['caseAccepted']);
        expect(payload(events, 'caseAccepted')).toMatchObject({
          mode: 'ACCEPTANCE_MODE_DEEMED', acceptedOn: '2026-09-17', statutoryDeadline: { date: '2026-10-21' }, promisedDeadline: { date: '2026-10-08' },
        });
      });
    });

    it('made late after the sweep deemed the case accepted, changes nothing: the same outcome, whoever came first', () => {
      const deemed = [...incomplete(), ...decider.decide({ type: 'DeemAcceptance', item: foodLicense, now: at('2026-09-24') }, incomplete().reduce(decider.evolve, decider.initialState()))];
      spec.given(deemed).when(notice(at('2026-09-24'))).then([]);
      // A case the clerk accepted is not a notice's to touch.
      spec.given([...history(submit()), ...decider.decide(accept({ now: at('2026-09-18') }), history(submit()).reduce(decider.evolve, decider.initialState()))])
        .when(notice(at('2026-09-28'))).thenThrows(FailedPreconditionError, 'cannot be told to supplement');
    });

    it('deems the case accepted on the receipt date when nobody said anything within 5 working days, and not before', () => {
      const deem = (now: Date) => ({ type: 'DeemAcceptance' as const, item: foodLicense, now });
      spec.given(incomplete()).when(deem(at('2026-09-23'))).then([]);
      spec.given(incomplete()).when(deem(at('2026-09-24'))).thenState((_, events) => {
        expect(payload(events, 'caseAccepted')).toMatchObject({ mode: 'ACCEPTANCE_MODE_DEEMED', acceptedOn: '2026-09-17' });
      });
      // A notice given in time stops the clock of deemed acceptance.
      spec.given([...incomplete(), ...decider.decide(notice(at('2026-09-18')), incomplete().reduce(decider.evolve, decider.initialState()))])
        .when(deem(at('2026-10-30'))).then([]);
    });

    it('accepted after the 5 working days without a notice, counts from the receipt date (deemed), and can no longer be refused', () => {
      // The law has already accepted it, missing materials or not: the clerk's acceptance records that.
      for (const given of [incomplete(), history(submit())]) {
        spec.given(given).when(accept({ now: at('2026-09-25') })).thenState((_, events) => {
          expect(payload(events, 'caseAccepted')).toMatchObject({ mode: 'ACCEPTANCE_MODE_DEEMED', acceptedOn: '2026-09-17', statutoryDeadline: { date: '2026-10-21' } });
        });
      }
      spec.given(incomplete()).when({ type: 'RefuseCase', reason: '不符合条件', legalBasis: '《行政许可法》第三十二条', now: at('2026-09-24') })
        .thenThrows(FailedPreconditionError, 'counts as accepted since 2026-09-17');
    });

    it('accepts once the supplement arrives', () => {
      const given = history(submit({ materials: required(foodLicense).slice(0, 3) }), notice(at('2026-09-18')));
      const supply = { type: 'SupplyMaterials' as const, item: foodLicense, materials: [upload('application'), upload('safety-rules'), upload('floor-plan')], submitter: 'applicant' as const, reusable: [], now: at('2026-09-21') };
      spec.given(given).when(supply).thenState((state, events) => {
        expect(events.map((e) => e.$case)).toEqual(['materialsSupplied']);
        expect(state.status).toBe('supplement-requested');
      });
      spec.given([...given, ...history()]).when(accept({ now: at('2026-09-21') })).thenThrows(FailedPreconditionError);
      const supplied = [...given, ...decider.decide(supply, given.reduce(decider.evolve, decider.initialState()))];
      spec.given(supplied).when(accept({ now: at('2026-09-22') })).thenState((_, events) => expect(payload(events, 'caseAccepted')?.acceptedOn).toBe('2026-09-22'));
    });
  });

  describe('容缺受理 (accepting with secondary materials missing)', () => {
    // 食品经营许可: the safety rules and the floor plan are secondary; promised 10 working days.
    const withoutSecondary = () => history(submit({ materials: required(foodLicense).slice(0, 3) }));
    const tolerance = (changes: Partial<AcceptCase> = {}) => accept({ mode: 'ACCEPTANCE_MODE_TOLERANCE', toleranceEnabled: true, ...changes });

    it('is off unless the jurisdiction enables it', () => {
      spec.given(withoutSecondary()).when(tolerance({ toleranceEnabled: false })).thenThrows(FailedPreconditionError, 'not enabled in this jurisdiction');
    });

    it('needs every main material', () => {
      spec.given(history(submit({ materials: required(foodLicense).slice(0, 2) }))).when(tolerance()).thenThrows(FailedPreconditionError, 'needs every main material; missing: id-card');
    });

    it('starts the clock at acceptance and gives at most the promised limit minus 2 to catch up', () => {
      spec.given(withoutSecondary()).when(tolerance()).thenState((_, events) => {
        expect(payload(events, 'caseAccepted')).toMatchObject({
          mode: 'ACCEPTANCE_MODE_TOLERANCE', acceptedOn: '2026-09-17', pendingMaterials: ['safety-rules', 'floor-plan'],
          // 8 working days: Sep 18, 20, 21-24, 28, 29.
          catchUpDeadline: { date: '2026-09-29', workingDays: 8 }, promisedDeadline: { date: '2026-10-08' },
        });
      });
      spec.given(withoutSecondary()).when(tolerance({ catchUpWorkingDays: 3 })).thenState((_, events) => expect(payload(events, 'caseAccepted')?.catchUpDeadline?.workingDays).toBe(3));
      spec.given(withoutSecondary()).when(tolerance({ catchUpWorkingDays: 9 })).thenThrows(ValidationError, 'catch_up_working_days: must be at most 8');
    });

    it('never gives more than 20 working days, and is impossible when the promised limit is too short', () => {
      const generous = item(0, { limits: { statutoryWorkingDays: 45, promisedWorkingDays: 30, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' } });
      spec.given(history(submit({ item: generous, materials: required(generous).slice(0, 3) }))).when(tolerance({ item: generous }))
        .thenState((_, events) => expect(payload(events, 'caseAccepted')?.catchUpDeadline?.workingDays).toBe(20));
      const quick = item(0, { limits: { statutoryWorkingDays: 20, promisedWorkingDays: 2, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' } });
      spec.given(history(submit({ item: quick, materials: required(quick).slice(0, 3) }))).when(tolerance({ item: quick }))
        .thenThrows(FailedPreconditionError, 'too short for 容缺受理');
    });

    it('completes the catch-up when the last pending material arrives, and only then hands the result over', () => {
      const supply = (codes: string[], now: Date) => ({ type: 'SupplyMaterials' as const, item: foodLicense, materials: codes.map((c) => upload(c)), submitter: 'applicant' as const, reusable: [], now });
      const acceptedWithGaps = history(submit({ materials: required(foodLicense).slice(0, 3) }), tolerance());
      spec.given(acceptedWithGaps).when(supply(['safety-rules'], at('2026-09-21'))).thenState((state, events) => {
        expect(events.map((e) => e.$case)).toEqual(['materialsSupplied']);
        expect(state.status === 'accepted' && state.pendingMaterials).toEqual(['floor-plan']);
      });
      const conclude = { type: 'ConcludeCase' as const, item: foodLicense, outcome: 'OUTCOME_APPROVED' as const, concludedOn: '2026-09-28', resultReference: 'EL-1', reason: '', now: at('2026-09-28') };
      const deliver = { type: 'DeliverResult' as const, method: 'DELIVERY_METHOD_WINDOW' as const, hallId: 'gulou-hall', regionCode: '350102', trackingNumber: '', collectorHolderId: '', now: at('2026-09-29') };
      spec.given(history(submit({ materials: required(foodLicense).slice(0, 3) }), tolerance(), conclude)).when(deliver)
        .thenThrows(FailedPreconditionError, 'once these materials are caught up: safety-rules, floor-plan');
      spec.given(history(submit({ materials: required(foodLicense).slice(0, 3) }), tolerance(), supply(['safety-rules'], at('2026-09-21')))).when(supply(['floor-plan'], at('2026-09-22')))
        .thenState((_, events) => expect(events.map((e) => e.$case)).toEqual(['materialsSupplied', 'catchUpCompleted']));
      // The decision may come first: the catch-up still completes, and then the result goes out.
      const decidedFirst = history(submit({ materials: required(foodLicense).slice(0, 3) }), tolerance(), conclude, supply(['safety-rules', 'floor-plan'], at('2026-09-29')));
      expect(decidedFirst.map((e) => e.$case).slice(-2)).toEqual(['materialsSupplied', 'catchUpCompleted']);
      spec.given(decidedFirst).when(deliver).thenState((state) => expect(state.status).toBe('delivered'));
    });
  });

  describe('告知承诺 (commitment instead of proof)', () => {
    // 个体工商户设立登记 allows it; a commitment may replace the premises certificate (secondary).
    const withoutPremises = () => history(submit({ item: soleTrader, materials: required(soleTrader).slice(0, 2) }));
    const commitment = (changes: Partial<AcceptCase> = {}) => accept({ item: soleTrader, mode: 'ACCEPTANCE_MODE_COMMITMENT', ...changes });

    it('lets the commitment replace what the item allows', () => {
      spec.given(withoutPremises()).when(commitment()).thenState((_, events) => expect(payload(events, 'caseAccepted')?.mode).toBe('ACCEPTANCE_MODE_COMMITMENT'));
    });

    it('is closed to applicants with a bad credit record, and to items that do not allow it', () => {
      spec.given(withoutPremises()).when(commitment({ badCredit: true })).thenThrows(FailedPreconditionError, 'bad credit record');
      spec.given(history(submit({ materials: required(foodLicense).slice(0, 3) }))).when(accept({ mode: 'ACCEPTANCE_MODE_COMMITMENT' }))
        .thenThrows(FailedPreconditionError, 'does not allow 告知承诺');
    });

    it('cannot replace a material the commitment does not cover', () => {
      spec.given(history(submit({ item: soleTrader, materials: required(soleTrader).slice(0, 1) }))).when(commitment())
        .thenThrows(FailedPreconditionError, 'cannot replace these missing materials: id-card');
    });
  });

  it('is refused (不予受理) only with a reason and its legal basis', () => {
    spec.given(history(submit())).when({ type: 'RefuseCase', reason: '', legalBasis: '', now: at('2026-09-18') }).thenThrows(ValidationError, /reason: is required.*legal_basis: is required/);
    spec.given(history(submit())).when({ type: 'RefuseCase', reason: '申请事项不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条第一款第（二）项', now: at('2026-09-18') })
      .thenState((state, events) => {
        expect(state.status).toBe('refused');
        expect(payload(events, 'caseRefused')).toMatchObject({ refusedOn: '2026-09-18', legalBasis: '《行政许可法》第三十二条第一款第（二）项' });
      });
  });
});

describe('case: accepted', () => {
  const conclude = (outcome: 'OUTCOME_APPROVED' | 'OUTCOME_DENIED' = 'OUTCOME_APPROVED') =>
    ({ type: 'ConcludeCase' as const, item: foodLicense, outcome, concludedOn: '2026-09-30', resultReference: outcome === 'OUTCOME_APPROVED' ? 'EL-1' : '', reason: '', now: at('2026-09-30') });

  it('cannot be accepted twice', () => {
    spec.given(history(submit(), accept())).when(accept()).thenThrows(FailedPreconditionError, /accepted cannot be accepted/);
  });

  it('concludes with approval\'s outcome, the licence due within 10 working days, once however often it arrives', () => {
    spec.given(history(submit(), accept())).when(conclude()).thenState((state, events) => {
      expect(state.status).toBe('concluded');
      // Sep 30 + 10 working days: Oct 8, 9, 10 (make-up Saturday), 12-16, 19, 20.
      expect(payload(events, 'caseConcluded')).toMatchObject({
        outcome: 'OUTCOME_APPROVED', licenseType: '食品经营许可证', holderId: 'holder-zhang', deliveryDeadline: { date: '2026-10-20', workingDays: 10 },
      });
    });
    spec.given(history(submit(), accept(), conclude())).when(conclude()).then([]);
    spec.given(history(submit(), accept())).when(conclude('OUTCOME_DENIED')).thenState((_, events) => expect(payload(events, 'caseConcluded')?.licenseType).toBe(''));
  });

  it('may be withdrawn before the decision, which a late conclusion then leaves alone', () => {
    spec.given(history(submit(), accept())).when({ type: 'WithdrawCase', reason: '不再经营', now: at('2026-09-21') }).thenState((state, events) => {
      expect(state.status).toBe('withdrawn');
      expect(payload(events, 'caseWithdrawn')).toMatchObject({ wasAccepted: true, withdrawnOn: '2026-09-21' });
    });
    spec.given(history(submit(), accept(), { type: 'WithdrawCase', reason: '', now: at('2026-09-21') })).when(conclude()).then([]);
    spec.given(history(submit(), accept(), conclude())).when({ type: 'WithdrawCase', reason: '', now: at('2026-10-08') }).thenThrows(FailedPreconditionError, 'can no longer be withdrawn');
  });

  it('recomputes its own provisional deadline (the 容缺 catch-up) once the next year\'s notice is loaded, and only if it moved', () => {
    const registry = new CalendarRegistry(holidayNotices);
    const local = caseDecider(registry);
    const events: CaseEvent[] = [];
    const tolerance = accept({ mode: 'ACCEPTANCE_MODE_TOLERANCE', toleranceEnabled: true, now: at('2026-12-24') });
    for (const command of [submit({ materials: required(foodLicense).slice(0, 3), now: at('2026-12-24') }), tolerance]) {
      events.push(...local.decide(command, events.reduce(local.evolve, local.initialState())));
    }
    // 8 working days: Dec 25, 28-31, then Jan 4, 5, 6 (Jan 1 is a fixed-date holiday of the provisional calendar).
    expect(payload(events, 'caseAccepted')?.catchUpDeadline).toMatchObject({ date: '2027-01-06', provisional: true });
    const recompute = { type: 'RecomputeDeadlines' as const, reason: '2027 notice loaded', now: at('2026-12-28') };
    expect(local.decide(recompute, events.reduce(local.evolve, local.initialState()))).toEqual([]);
    registry.loadNotice({ year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-07' }], workdays: [], source: 'test' });
    const [recomputed] = local.decide(recompute, events.reduce(local.evolve, local.initialState()));
    // Dec 25, 28-31 (5), then Jan 8, 11, 12. The statutory and promised dates are approval's: unchanged here.
    expect(recomputed?.value).toMatchObject({
      catchUpDeadline: { date: '2027-01-12', provisional: false },
      promisedDeadline: payload(events, 'caseAccepted')?.promisedDeadline,
    });
  });
});

describe('case: with the back office (mirrored from approval)', () => {
  const accepted = () => history(submit(), accept());
  const mirror = (date: string) => ({
    type: 'MirrorDeadlines' as const, statutoryDeadline: { date, workingDays: 30, provisional: false }, promisedDeadline: { date: '2026-10-08', workingDays: 10, provisional: false }, reason: '延长审批期限 10 个工作日',
  });
  const returned = {
    type: 'MirrorSuspension' as const, item: foodLicense, taskId: 't-1', kind: 'SUSPENSION_KIND_SUPPLEMENT' as const, since: '2026-09-21',
    reason: '平面图未标注排水设施', legalBasis: '', expectedWorkingDays: 0, materialCodes: ['floor-plan', 'safety-rules'],
  };

  it('shows the deadlines approval\'s clock set, once', () => {
    spec.given(accepted()).when(mirror('2026-11-04')).thenState((state, events) => {
      expect(payload(events, 'caseDeadlinesRecomputed')).toMatchObject({ statutoryDeadline: { date: '2026-11-04' }, reason: '延长审批期限 10 个工作日' });
      expect(state.status === 'accepted' && state.accepted?.statutoryDeadline?.date).toBe('2026-11-04');
    });
    spec.given([...accepted(), ...decider.decide(mirror('2026-11-04'), accepted().reduce(decider.evolve, decider.initialState()))]).when(mirror('2026-11-04')).then([]);
  });

  it('shows approval\'s clock standing still and running again, once each', () => {
    const inspection = { ...returned, kind: 'SUSPENSION_KIND_INSPECTION' as const, reason: '现场核查', legalBasis: '《行政许可法》第三十四条', expectedWorkingDays: 5, materialCodes: [] };
    spec.given(accepted()).when(inspection).thenState((state, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseSuspended']);
      expect(state.status === 'accepted' && state.suspension).toEqual({ kind: 'SUSPENSION_KIND_INSPECTION', since: '2026-09-21' });
    });
    const suspended = history(submit(), accept(), inspection);
    spec.given(suspended).when(inspection).then([]);
    const resumption = {
      type: 'MirrorResumption' as const, resumedOn: '2026-09-25', result: '核查合格',
      statutoryDeadline: { date: '2026-10-23', workingDays: 20, provisional: false }, promisedDeadline: { date: '2026-10-12', workingDays: 10, provisional: false },
    };
    spec.given(suspended).when(resumption).thenState((state, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseResumed']);
      expect(state.status === 'accepted' && [state.suspension, state.accepted?.statutoryDeadline?.date]).toEqual([undefined, '2026-10-23']);
    });
    spec.given(accepted()).when(resumption).then([]);
  });

  it('records a return for materials with their names, and tells approval when all of them are in', () => {
    spec.given(accepted()).when(returned).thenState((_, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseSuspended', 'approvalSupplementRequested']);
      expect(payload(events, 'approvalSupplementRequested')).toMatchObject({
        taskId: 't-1', applicantPhone: '13800138000',
        items: [
          { materialCode: 'floor-plan', problem: 'MATERIAL_PROBLEM_DEFECTIVE', materialName: '经营场所平面布局图' },
          { materialCode: 'safety-rules', problem: 'MATERIAL_PROBLEM_DEFECTIVE', materialName: '食品安全自查、从业人员健康管理等制度', note: '平面图未标注排水设施' },
        ],
      });
    });
    const supply = (codes: string[]) => ({ type: 'SupplyMaterials' as const, item: foodLicense, materials: codes.map((c) => upload(c)), submitter: 'applicant' as const, reusable: [], now: at('2026-09-23') });
    const waiting = history(submit(), accept(), returned);
    spec.given(waiting).when(supply(['floor-plan'])).thenState((_, events) => expect(events.map((e) => e.$case)).toEqual(['materialsSupplied']));
    spec.given(history(submit(), accept(), returned, supply(['floor-plan']))).when(supply(['safety-rules'])).thenState((state, events) => {
      expect(events.map((e) => e.$case)).toEqual(['materialsSupplied', 'approvalSupplementSupplied']);
      expect(payload(events, 'approvalSupplementSupplied')).toMatchObject({ taskId: 't-1', suppliedOn: '2026-09-23' });
      expect(state.status === 'accepted' && state.approvalSupplement).toBeUndefined();
    });
    // Without a return, an accepted case takes no materials.
    spec.given(accepted()).when(supply(['floor-plan'])).thenThrows(FailedPreconditionError, 'takes no materials');
  });
});

describe('case: concluded (result delivery, 出件)', () => {
  const concluded = () => history(submit(), accept(), { type: 'ConcludeCase', item: foodLicense, outcome: 'OUTCOME_APPROVED', concludedOn: '2026-09-30', resultReference: 'EL-1', reason: '', now: at('2026-09-30') });
  const deliver = (changes: object = {}) => ({ type: 'DeliverResult' as const, method: 'DELIVERY_METHOD_WINDOW' as const, hallId: 'gudong-station', regionCode: '350102001', trackingNumber: '', collectorHolderId: '', now: at('2026-10-08'), ...changes });

  it('hands the result over at another hall than the one that received the case (收受分离)', () => {
    spec.given(concluded()).when(deliver()).thenState((state, events) => {
      expect(state.status).toBe('delivered');
      expect(payload(events, 'resultDelivered')).toMatchObject({ method: 'DELIVERY_METHOD_WINDOW', hallId: 'gudong-station', regionCode: '350102001', resultReference: 'EL-1' });
    });
  });

  it('hands a window result only to the applicant: a collector with another identity is refused', () => {
    spec.given(concluded()).when(deliver({ collectorHolderId: 'holder-li' })).thenThrows(FailedPreconditionError, 'the collector is not the applicant');
    spec.given(concluded()).when(deliver({ collectorHolderId: 'holder-zhang' })).thenState((state) => expect(state.status).toBe('delivered'));
  });

  it('moves the delivery deadline of a result not yet handed over when the next year\'s notice is loaded', () => {
    const registry = new CalendarRegistry(holidayNotices);
    const local = caseDecider(registry);
    const conclude = { type: 'ConcludeCase' as const, item: foodLicense, outcome: 'OUTCOME_APPROVED' as const, concludedOn: '2026-12-28', resultReference: 'EL-1', reason: '', now: at('2026-12-28') };
    const events: CaseEvent[] = [];
    for (const command of [submit({ now: at('2026-12-01') }), accept({ now: at('2026-12-01') }), conclude]) events.push(...local.decide(command, events.reduce(local.evolve, local.initialState())));
    // Dec 29-31 (3), then Jan 1, 4-8, 11, 12 on the provisional calendar of weekends only.
    expect(payload(events, 'caseConcluded')?.deliveryDeadline).toMatchObject({ date: '2027-01-12', provisional: true });
    registry.loadNotice({ year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-08' }], workdays: [], source: 'test' });
    const recompute = { type: 'RecomputeDeadlines' as const, item: foodLicense, reason: '2027 notice loaded', now: at('2027-01-04') };
    const [recomputed] = local.decide(recompute, events.reduce(local.evolve, local.initialState()));
    // Dec 29-31 (3), then Jan 11-15 (8), 18, 19.
    expect(recomputed?.value).toMatchObject({ deliveryDeadline: { date: '2027-01-19', provisional: false } });
    const after = [...events, recomputed!].reduce(local.evolve, local.initialState());
    expect(after.status === 'concluded' && after.concluded?.deliveryDeadline?.date).toBe('2027-01-19');
  });

  it('needs a tracking number to mail it, and hands it over once', () => {
    spec.given(concluded()).when(deliver({ method: 'DELIVERY_METHOD_MAIL' })).thenThrows(ValidationError, 'tracking_number');
    spec.given([...concluded(), ...history()]).when(deliver({ method: 'DELIVERY_METHOD_MAIL', trackingNumber: 'EMS1234567890' })).thenState((s) => expect(s.status).toBe('delivered'));
    spec.given(history(submit(), accept())).when(deliver()).thenThrows(FailedPreconditionError, 'has no result to hand over');
  });
});
