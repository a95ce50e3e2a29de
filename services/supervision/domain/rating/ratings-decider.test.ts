import { describe, expect, it } from 'vitest';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { FailedPreconditionError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { defaultPolicy } from '../policy/supervision-policy.ts';
import type { RatedCase, RatingCommand, Staff, SubmitRating } from './rating-commands.ts';
import type { RatingEvent } from './rating-events.ts';
import { ratingsDecider } from './ratings-decider.ts';

const decider = ratingsDecider(new CalendarRegistry(holidayNotices));
const spec = deciderSpec(decider);
const caseNumber = '35010220260917000001';
const policy = defaultPolicy('350102');
const concluded: RatedCase = {
  caseNumber, applicantSubject: 'applicant-li', applicantPhone: '13912345678', itemCode: 'food-licence', itemName: '食品经营许可',
  handlingDepartment: 'SCJGJ', handlingRegionCode: '350102', hallId: 'gulou-hall', channel: 'CHANNEL_COUNTER', ended: true, concluded: true,
};
const rate = (changes: Partial<SubmitRating> = {}): SubmitRating => ({
  type: 'SubmitRating', ratingId: 'r-online', ratedCase: concluded, rater: 'applicant-li', channel: 'RATING_CHANNEL_MOBILE', level: 2,
  dimensions: [{ dimension: 'attitude', level: 1 }, { dimension: 'efficiency', level: 3 }], comment: '办事快', visit: undefined,
  policy, now: new Date('2026-10-12T02:00:00Z'), ...changes,
});
const visit = { visitId: 'gulou-hall-2026-10-12', hallId: 'gulou-hall', windowId: 'window-7', staffSubject: 'clerk-gulou-07' };
const supervisor: Staff = { subject: 'supervisor-gulou', department: '', jurisdiction: '350102' };
const marketStaff: Staff = { subject: 'clerk-scjgj-1', department: 'SCJGJ', jurisdiction: '350102' };
const online = 'r-online';

function history(...commands: RatingCommand[]): RatingEvent[] {
  const events: RatingEvent[] = [];
  for (const command of commands) events.push(...decider.decide(command, events.reduce(decider.evolve, decider.initialState())));
  return events;
}
const ratingIn = (events: readonly RatingEvent[], id = online) => events.reduce(decider.evolve, decider.initialState()).ratings.get(id);

describe('好差评: who rates, and how often', () => {
  it('takes one online rating per case from its applicant once the case has ended (一事一评), and never changes it', () => {
    spec.given([]).when(rate()).thenState((state) => expect(state.ratings.get(online)).toMatchObject({ level: 2, bad: false, followUp: 'FOLLOW_UP_STAGE_NONE', raterSubject: 'applicant-li', visitId: '' }));
    spec.given(history(rate())).when(rate({ ratingId: 'r-2', level: 1 })).thenThrows(FailedPreconditionError, '一事一评');
    spec.given([]).when(rate({ ratedCase: { ...concluded, ended: false, concluded: false } })).thenThrows(FailedPreconditionError, 'once it has ended');
    spec.given([]).when(rate({ rater: 'applicant-wang' })).thenThrows(PermissionDeniedError, 'only the case\'s applicant');
  });

  it('takes one rating per recorded hall visit (一次一评), before or after the online one, with the window and staff the counter recorded', () => {
    const inTheHall = rate({ ratingId: 'r-visit', visit, channel: 'RATING_CHANNEL_HALL_TABLET', ratedCase: { ...concluded, ended: false } });
    spec.given([]).when(inTheHall).thenState((state) => expect(state.ratings.get('r-visit')).toMatchObject({ visitId: visit.visitId, staffSubject: 'clerk-gulou-07', windowId: 'window-7' }));
    spec.given(history(inTheHall)).when({ ...inTheHall, ratingId: 'r-again' }).thenThrows(FailedPreconditionError, '一次一评');
    spec.given(history(inTheHall)).when(rate()).thenState((state) => expect(state.ratings.size).toBe(2));
    // Without a visit recorded today, the hall's tablet has nothing to rate; online, a running case neither.
    spec.given([]).when({ ...inTheHall, visit: undefined }).thenThrows(FailedPreconditionError, 'no visit to a hall today');
    spec.given([]).when(rate({ ratedCase: { ...concluded, ended: false }, visit })).thenThrows(FailedPreconditionError, 'once it has ended');
  });

  it('needs a level from 1 to 5 for the service and each dimension', () => {
    spec.given([]).when(rate({ level: 6, dimensions: [{ dimension: 'attitude', level: 0 }, { dimension: 'attitude', level: 2 }] }))
      .thenThrows(ValidationError, /level: must be 1.*dimensions\[0\]\.level.*dimensions\[1\]\.dimension: must be rated once/);
  });

  it('invites the applicant of a concluded, unrated case once, and invents no rating', () => {
    const invite: RatingCommand = { type: 'InviteRating', ratedCase: concluded, now: new Date('2026-10-15T02:00:00Z') };
    spec.given([]).when(invite).thenState((state, events) => {
      expect(events.map((e) => e.$case)).toEqual(['ratingInvited']);
      expect(state.ratings.size).toBe(0);
    });
    spec.given(history(invite)).when(invite).then([]);
    spec.given(history(rate())).when(invite).then([]);
    spec.given([]).when({ ...invite, ratedCase: { ...concluded, concluded: false } }).then([]);
  });
});

describe('好差评: the bad-rating loop (差评整改)', () => {
  const bad = rate({ level: 5, comment: '窗口推诿，跑了三次' });
  const verify = (substantiated: boolean): RatingCommand => ({ type: 'VerifyBadRating', ratingId: online, substantiated, note: '已电话回访，情况属实', verifier: supervisor, raterPhone: '13912345678', policy, now: new Date('2026-10-13T02:00:00Z') });
  const rectify: RatingCommand = { type: 'ReportRectification', ratingId: online, measures: '窗口人员批评教育，优化一次性告知', reporter: marketStaff, raterPhone: '13912345678', now: new Date('2026-10-16T02:00:00Z') };
  const scoreIt = (level = 2): RatingCommand => ({ type: 'ScoreResponse', ratingId: online, level, rater: 'applicant-li', now: new Date('2026-10-17T02:00:00Z') });

  it('runs verify → rectify → report → the rater scores, with the deadlines of the jurisdiction', () => {
    // Rated Mon Oct 12: contact within 1 working day.
    expect(ratingIn(history(bad))).toMatchObject({ bad: true, followUp: 'FOLLOW_UP_STAGE_VERIFYING', contactDueOn: '2026-10-13' });
    // Verified Tue Oct 13: rectify within 5 working days: Oct 14, 15, 16, 19, 20.
    spec.given(history(bad)).when(verify(true)).thenState((state) => expect(state.ratings.get(online)).toMatchObject({ followUp: 'FOLLOW_UP_STAGE_RECTIFYING', rectifyDueOn: '2026-10-20' }));
    spec.given(history(bad, verify(true))).when(rectify).thenState((state, events) => {
      expect(state.ratings.get(online)).toMatchObject({ followUp: 'FOLLOW_UP_STAGE_REPORTED', measures: '窗口人员批评教育，优化一次性告知' });
      expect(events[0]?.value).toMatchObject({ raterSubject: 'applicant-li', raterPhone: '13912345678' });
    });
    spec.given(history(bad, verify(true), rectify)).when(scoreIt()).thenState((state) => expect(state.ratings.get(online)).toMatchObject({ followUp: 'FOLLOW_UP_STAGE_SCORED', responseLevel: 2 }));
  });

  it('reports the finding back at once when the complaint did not hold', () => {
    spec.given(history(bad)).when(verify(false)).thenState((state) => expect(state.ratings.get(online)).toMatchObject({ followUp: 'FOLLOW_UP_STAGE_REPORTED', substantiated: false, rectifyDueOn: '' }));
    spec.given(history(bad, verify(false))).when(scoreIt(4)).thenState((state) => expect(state.ratings.get(online)?.responseLevel).toBe(4));
  });

  it('keeps each step in order and to its people', () => {
    spec.given(history(bad)).when(rectify).thenThrows(FailedPreconditionError, 'not waiting for a rectification');
    spec.given(history(rate())).when(verify(true)).thenThrows(FailedPreconditionError, 'not waiting for verification');
    spec.given(history(bad)).when({ ...verify(true), verifier: { ...supervisor, jurisdiction: '350121' } } as RatingCommand).thenThrows(PermissionDeniedError);
    spec.given(history(bad, verify(true))).when({ ...rectify, reporter: { ...marketStaff, department: 'GAJ' } } as RatingCommand).thenThrows(PermissionDeniedError);
    spec.given(history(bad, verify(true), rectify)).when({ ...scoreIt(), rater: 'clerk-scjgj-1' } as RatingCommand).thenThrows(PermissionDeniedError);
    spec.given(history(bad)).when({ ...verify(true), note: ' ' } as RatingCommand).thenThrows(ValidationError, 'note');
  });
});

describe('好差评: appeals (申诉复核)', () => {
  const bad = rate({ level: 4, comment: '与本事项无关' });
  const appealIt: RatingCommand = { type: 'AppealRating', ratingId: online, ground: 'APPEAL_GROUND_MISTAKEN', reason: '评价人误将他处服务评价于本件', appellant: marketStaff, now: new Date('2026-10-13T02:00:00Z') };
  const review = (upheld: boolean): RatingCommand => ({ type: 'ReviewAppeal', ratingId: online, upheld, note: '核实评价人确系误评', reviewer: supervisor, now: new Date('2026-10-14T02:00:00Z') });

  it('upheld: the rating leaves the statistics and its follow-up, and stays as it was given', () => {
    spec.given(history(bad, appealIt)).when(review(true)).thenState((state) => {
      expect(state.ratings.get(online)).toMatchObject({
        level: 4, comment: '与本事项无关', excluded: true, followUp: 'FOLLOW_UP_STAGE_EXCLUDED',
        appeal: { ground: 'APPEAL_GROUND_MISTAKEN', reviewed: true, upheld: true, reviewer: 'supervisor-gulou' },
      });
    });
  });

  it('rejected: the rating counts and its follow-up goes on', () => {
    spec.given(history(bad, appealIt)).when(review(false)).thenState((state) => {
      expect(state.ratings.get(online)).toMatchObject({ excluded: false, followUp: 'FOLLOW_UP_STAGE_VERIFYING', appeal: { reviewed: true, upheld: false } });
    });
    spec.given(history(bad, appealIt, review(false))).when(review(true)).thenThrows(FailedPreconditionError, 'reviewed already');
  });

  it('is for bad ratings, once, by the rated department, reviewed by a supervisor who did not file it', () => {
    spec.given(history(rate())).when(appealIt).thenThrows(FailedPreconditionError, 'only a bad rating');
    spec.given(history(bad, appealIt)).when(appealIt).thenThrows(FailedPreconditionError, 'one appeal per rating');
    spec.given(history(bad)).when({ ...appealIt, appellant: { ...marketStaff, department: 'SWJ' } } as RatingCommand).thenThrows(PermissionDeniedError);
    spec.given(history(bad)).when(review(true)).thenThrows(FailedPreconditionError, 'not appealed');
    spec.given(history(bad)).when({ ...appealIt, ground: 'APPEAL_GROUND_UNSPECIFIED', reason: '' } as RatingCommand).thenThrows(ValidationError, /ground: .*reason: /);
  });
});
