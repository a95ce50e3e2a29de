import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { Figures, GroupBy } from '../../../../generated/onewindow/supervision/v1/statistics.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { addDays } from '../../../platform/time/calendar-date.ts';
import { startOfChinaDate } from '../../../platform/time/china-date.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { NATIONAL_REGION_CODE, subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import { type EventEnvelope, noTrace } from '../../../platform/events/envelope.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import type { SupervisionPayload } from '../../../contracts/topics.ts';
import { ProjectionRunner } from '../../../platform/projection/projection-runner.ts';
import { SqliteReadModelStore } from '../../../platform/readmodel/sqlite-read-model-store.ts';
import { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import { regionTree } from '../../../platform/regions/region-tree.ts';
import { SqliteEventStore } from '../../../platform/store/sqlite-event-store.ts';
import { defaultPolicy } from '../../domain/policy/supervision-policy.ts';
import type { RatingCommand } from '../../domain/rating/rating-commands.ts';
import { ratingsStreamId } from '../../domain/rating/rating-events.ts';
import { ratingsDecider } from '../../domain/rating/ratings-decider.ts';
import type { WatchCommand } from '../../domain/watch/watch-commands.ts';
import { watchStreamId } from '../../domain/watch/watch-events.ts';
import { watchDecider } from '../../domain/watch/watch-decider.ts';
import { ratedCaseOf } from '../rated-case.ts';
import { countedFacts, supervisionViewsProjection } from '../projections/supervision-views-projection.ts';
import { ALERTS, type AlertDocument, RATINGS, type RatingDocument, WATCHES, type WatchDocument } from '../projections/supervision-documents.ts';
import { supervisionCodec } from '../supervision-codec.ts';
import { readStatistics } from './read-statistics.ts';
import { addCounts, emptyCounts, figuresOf } from './statistic-counts.ts';

const CASES = 10_000;
const regions = new RegionRegistry(regionTree);
/**
 * Where the generated cases are handled: the nation and, from the national table, two provinces
 * down to townships (every level has cases of its own; one case in twenty is moved to a code the
 * table does not have, below).
 */
const SAMPLE = [
  '100000', '350000', '350100', '350102', '350102001', '350102002', '350102003', '350102100', '350121', '350121001', '350121101',
  '350121201', '350200', '350203', '350203001', '440000', '440100', '440106', '440106001', '440106002',
];
const calendars = new CalendarRegistry(holidayNotices);
const calendar = calendars.calendarFor('350102');

/** A small seeded generator (mulberry32): the same data set on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 10,000 cases over the five levels (a national agency, provinces, cities, counties, townships),
 * each run through the real deciders (receipt, acceptance, pauses, alerts, conclusion, ratings and
 * their follow-up and appeals) and the real projection into SQLite.
 */
async function generate(runner: ProjectionRunner<SupervisionPayload>): Promise<void> {
  const next = random(20261122);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const codes = SAMPLE;
  const channels: Channel[] = ['CHANNEL_COUNTER', 'CHANNEL_PC', 'CHANNEL_MOBILE', 'CHANNEL_KIOSK'];
  const watch = watchDecider(calendars);
  const rating = ratingsDecider(calendars);
  const policy = defaultPolicy('350102');
  let position = 0;
  const batch: EventEnvelope<SupervisionPayload>[] = [];
  const flush = async () => {
    await runner.applyBatch(batch.splice(0));
  };
  const run = async <C, S>(decider: Decider<C, SupervisionPayload, S>, streamId: string, caseNumber: string, commands: readonly C[]): Promise<S> => {
    let state = decider.initialState();
    let version = 0;
    for (const command of commands) {
      for (const payload of decider.decide(command, state)) {
        state = decider.evolve(state, payload);
        version += 1;
        position += 1;
        batch.push({
          eventId: `e${position}`, streamId, streamType: 'test', version, position, eventType: payload.$case, schemaVersion: 1,
          occurredAt: new Date(Date.UTC(2026, 0, 1) + position).toISOString(), correlationId: caseNumber, causationId: '',
          actor: { subject: 'test', role: 'ROLE_SYSTEM', channel: 'CHANNEL_UNSPECIFIED', hallId: '', windowId: '', department: '', regionCode: '' },
          regionCode: '', traceContext: noTrace, sourceService: 'supervision', payload,
        });
      }
    }
    return state;
  };
  const deadline = (from: string, days: number) => ({ date: calendar.addWorkingDays(from, days).date, workingDays: days, provisional: false });

  for (let i = 0; i < CASES; i++) {
    // One case in twenty is handled in a region the registry does not know yet (a new township or district).
    const known = pick(codes);
    const region = next() < 0.05 ? (known.length === 9 ? `${known.slice(0, 6)}999` : `${known.slice(0, 4)}99`) : known;
    const caseNumber = `${region}-${String(i).padStart(5, '0')}`;
    const receivedOn = addDays('2026-01-05', Math.floor(next() * 330));
    const commands: WatchCommand[] = [{
      type: 'ReceiveCase',
      received: {
        caseNumber, itemCode: pick(['food', 'trader', 'transport']), itemName: '事项', handlingRegionCode: region, submittedRegionCode: region,
        handlingDepartment: pick(['SCJGJ', 'GAJ', 'SWJ']), hallId: pick(['', 'hall-a', 'hall-b']), windowId: '', channel: pick(channels),
        applicantSubject: `applicant-${i}`, receivedOn, applicantPhone: '',
      },
    }];
    if (next() < 0.05) {
      commands.push({ type: 'CloseUnaccepted', ending: 'CASE_ENDING_REFUSED', closedOn: receivedOn });
    } else {
      commands.push({ type: 'StartClock', acceptedOn: receivedOn, statutoryDeadline: deadline(receivedOn, 20), promisedDeadline: deadline(receivedOn, 10), policy });
      const concludedOn = calendar.addWorkingDays(receivedOn, 1 + Math.floor(next() * 25)).date;
      if (next() < 0.2) {
        const since = calendar.addWorkingDays(receivedOn, 2).date;
        const resumedOn = addDays(since, 5);
        commands.push({ type: 'PauseClock', kind: 'SUSPENSION_KIND_INSPECTION', since, expectedWorkingDays: 5, policy });
        commands.push({ type: 'ResumeClock', resumedOn, statutoryDeadline: deadline(receivedOn, 24), promisedDeadline: deadline(receivedOn, 14), policy });
      }
      commands.push({ type: 'CheckAlerts', now: startOfChinaDate(concludedOn) });
      if (next() < 0.85) commands.push({ type: 'StopClock', concludedOn, outcome: pick(['OUTCOME_APPROVED', 'OUTCOME_APPROVED', 'OUTCOME_DENIED', 'OUTCOME_WITHDRAWN'] as const), policy });
    }
    const state = await run(watch, watchStreamId(caseNumber), caseNumber, commands);
    const ratedCase = ratedCaseOf(state)!;
    if (ratedCase.ended && next() < 0.6) {
      const level = 1 + Math.floor(next() * 5);
      const ratedOn = addDays(state.status !== 'none' && state.concludedOn ? state.concludedOn : receivedOn, 1);
      const ratedAt = startOfChinaDate(ratedOn);
      const ratingId = `rating-${i}`;
      const ratingCommands: RatingCommand[] = [{
        type: 'SubmitRating', ratingId, ratedCase, rater: ratedCase.applicantSubject, channel: 'RATING_CHANNEL_MOBILE', level, dimensions: [], comment: '',
        visit: undefined, policy, now: ratedAt,
      }];
      const staff = { subject: 'staff', department: ratedCase.handlingDepartment, jurisdiction: NATIONAL_REGION_CODE };
      if (level >= 4 && next() < 0.15) {
        ratingCommands.push({ type: 'AppealRating', ratingId, ground: 'APPEAL_GROUND_MALICIOUS', reason: '恶意', appellant: staff, now: ratedAt });
        ratingCommands.push({ type: 'ReviewAppeal', ratingId, upheld: next() < 0.5, note: '复核', reviewer: { ...staff, subject: 'supervisor' }, now: ratedAt });
      }
      if (level >= 4 && next() < 0.7) {
        const substantiated = next() < 0.7;
        ratingCommands.push({ type: 'VerifyBadRating', ratingId, substantiated, note: '回访', verifier: staff, raterPhone: '', policy, now: ratedAt });
        if (substantiated && next() < 0.6) ratingCommands.push({ type: 'ReportRectification', ratingId, measures: '整改', reporter: staff, raterPhone: '', now: ratedAt });
      }
      // An upheld appeal ends the follow-up: the steps after it no longer apply, as in real life.
      const applicable: RatingCommand[] = [];
      let ratingState = rating.initialState();
      for (const command of ratingCommands) {
        try {
          for (const event of rating.decide(command, ratingState)) ratingState = rating.evolve(ratingState, event);
          applicable.push(command);
        } catch {
          // A step the loop refuses at this stage.
        }
      }
      await run(rating, ratingsStreamId(caseNumber), caseNumber, applicable);
    }
    if (batch.length >= 2_000) await flush();
  }
  await flush();
}

const counts = (f: Figures | undefined) => {
  const { averageWorkingDays: _a, satisfactionRate: _s, rectificationRate: _r, ...rest } = f!;
  return rest;
};
const sum = (figures: readonly (Figures | undefined)[]) => {
  const total = counts({ ...figures[0]! });
  for (const key of Object.keys(total) as (keyof typeof total)[]) {
    if (key === 'ratingLevels') total.ratingLevels = [0, 1, 2, 3, 4].map((i) => figures.reduce((s, f) => s + f!.ratingLevels[i]!, 0n));
    else (total[key] as bigint) = figures.reduce((s, f) => s + (f![key] as bigint), 0n);
  }
  return total;
};

describe(`statistics over ${CASES.toLocaleString('en')} generated cases on five levels`, () => {
  let readModels: SqliteReadModelStore;
  let store: SqliteEventStore;
  const statisticsOf = (root: string, groupBy: GroupBy, period = { from: '', to: '' }) => readStatistics(readModels, regions, { root, groupBy, period });
  /** The same total counted from the facts themselves, every case, alert and rating of the subtree: what the roll-ups must equal. */
  const countedFromFacts = async (root: string, period: { from: string; to: string }) => {
    const where = { handlingRegionCode: { prefix: subtreePrefix(root) } };
    const total = emptyCounts();
    for (const [collection, documents] of [
      [WATCHES, await readModels.find<WatchDocument>(WATCHES, { where })],
      [ALERTS, await readModels.find<AlertDocument>(ALERTS, { where })],
      [RATINGS, await readModels.find<RatingDocument>(RATINGS, { where })],
    ] as const) {
      for (const document of documents) {
        for (const { day, counts } of countedFacts[collection]!(document as never)) if ((!period.from || day >= period.from) && (!period.to || day <= period.to)) addCounts(total, counts);
      }
    }
    return figuresOf(total);
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-statistics-'));
    readModels = new SqliteReadModelStore(join(dir, 'readmodels.sqlite'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), service: 'supervision' });
    await readModels.define(supervisionViewsProjection.collections);
    const runner = new ProjectionRunner<SupervisionPayload>({
      projection: supervisionViewsProjection, readModels, source: { kind: 'store', store, codec: supervisionCodec }, logger: createLogger({ level: 'silent' }),
    });
    await generate(runner);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await readModels?.close();
  });

  it('counts every case once at the top: the nation received all of them', async () => {
    const { total } = await statisticsOf(NATIONAL_REGION_CODE, 'GROUP_BY_REGION');
    expect(total.received).toBe(BigInt(CASES));
    expect(total.concluded).toBeGreaterThan(5_000n);
    expect(total.yellowAlerts + total.redAlerts).toBeGreaterThan(1_000n);
    expect(total.ratings).toBeGreaterThan(3_000n);
    expect(total.badRatings).toBeGreaterThan(500n);
  });

  for (const period of [{ from: '', to: '' }, { from: '2026-04-01', to: '2026-09-30' }]) {
    it(`rolls up township → county → city → province → nation: every figure equals the sum of its children${period.from ? ' (over a period)' : ''}`, async () => {
      for (const node of SAMPLE.map((code) => regions.get(code)!)) {
        const { total, rows } = await statisticsOf(node.code, 'GROUP_BY_REGION', period);
        expect(sum(rows.map((r) => r.figures)), `${node.name} = the sum of its rows`).toEqual(counts(total));
        for (const row of rows.filter((r) => !r.own)) {
          expect(counts(row.figures), `${row.name} inside ${node.name} = ${row.name} on its own`).toEqual(counts((await statisticsOf(row.key, 'GROUP_BY_REGION', period)).total));
        }
      }
    }, 120_000);
  }

  it('gives, from the roll-up cells, the totals the facts themselves add up to, at every level and over a period', async () => {
    for (const period of [{ from: '', to: '' }, { from: '2026-04-15', to: '2026-09-03' }]) {
      for (const code of SAMPLE) {
        expect(counts((await statisticsOf(code, 'GROUP_BY_REGION', period)).total), `${code} ${period.from}`).toEqual(counts(await countedFromFacts(code, period)));
      }
    }
  });

  it('adds up the same way by department, hall, item, channel and month', async () => {
    const { total } = await statisticsOf(NATIONAL_REGION_CODE, 'GROUP_BY_REGION');
    for (const groupBy of ['GROUP_BY_DEPARTMENT', 'GROUP_BY_HALL', 'GROUP_BY_ITEM', 'GROUP_BY_CHANNEL', 'GROUP_BY_MONTH'] as const) {
      const { rows } = await statisticsOf(NATIONAL_REGION_CODE, groupBy);
      expect(sum(rows.map((r) => r.figures)), groupBy).toEqual(counts(total));
    }
  });
});
