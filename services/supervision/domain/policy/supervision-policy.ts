import type { SupervisionPolicy } from '../../../../generated/onewindow/supervision/v1/watch.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { type FieldViolation, ValidationError } from '../../../platform/domain/errors.ts';
import type { SupervisionPayload } from '../supervision-payload.ts';

/** The defaults (docs/architecture.md, Supervision), for a jurisdiction that set nothing. */
/**
 * How long a stopped clock may stand still when the applicant was told no time (a special
 * procedure's time is told, 行政许可法 Art. 45; materials are awaited): 20 working days, the
 * general limit of Art. 42, before the pause itself is alerted red.
 */
export const DEFAULT_PAUSE_MAX_WORKING_DAYS = 20;

/** A policy's pause maximum; a policy set before there was one (0) has the default. */
export const pauseMaxOf = (policy: SupervisionPolicy) => policy.pauseMaxWorkingDays || DEFAULT_PAUSE_MAX_WORKING_DAYS;

export const defaultPolicy = (regionCode: string): SupervisionPolicy => ({
  regionCode,
  yellowWorkingDaysLeft: 2,
  yellowElapsedPercent: 80,
  contactWorkingDays: 1,
  rectifyWorkingDays: 5,
  ratingInvitationDays: 3,
  pauseMaxWorkingDays: DEFAULT_PAUSE_MAX_WORKING_DAYS,
});

export const policyStreamId = (regionCode: string) => `supervision-policy-${regionCode}`;
export const POLICY_STREAM_TYPE = 'supervision-policy';

export type PolicyEvent = Extract<SupervisionPayload, { $case: 'supervisionPolicySet' }>;

export interface SetPolicy {
  readonly type: 'SetPolicy';
  readonly policy: SupervisionPolicy;
}

const within = (field: string, value: number, min: number, max: number, what: string): FieldViolation[] =>
  value >= min && value <= max ? [] : [{ field: `policy.${field}`, description: `must be from ${min} to ${max}: ${what}` }];

/** The thresholds and follow-up deadlines within their bounds; setting what stands changes nothing. */
function setPolicy(command: SetPolicy, state: SupervisionPolicy | undefined): PolicyEvent[] {
  const p = command.policy;
  const violations = [
    ...within('yellow_working_days_left', p.yellowWorkingDaysLeft, 1, 20, 'yellow when at most this many working days are left'),
    ...within('yellow_elapsed_percent', p.yellowElapsedPercent, 50, 99, 'or when this share of the limit has elapsed'),
    ...within('contact_working_days', p.contactWorkingDays, 1, 5, 'working days to contact a bad rater'),
    ...within('rectify_working_days', p.rectifyWorkingDays, 1, 30, 'working days to rectify'),
    ...within('rating_invitation_days', p.ratingInvitationDays, 1, 30, 'days before a concluded, unrated case is invited to rate'),
    ...(p.pauseMaxWorkingDays === 0 ? [] : within('pause_max_working_days', p.pauseMaxWorkingDays, 1, 250, 'working days a clock may stand still when no time was told (0 for the default, 20)')),
  ];
  if (violations.length > 0) throw new ValidationError(violations);
  if (state && (Object.keys(p) as (keyof SupervisionPolicy)[]).every((key) => state[key] === p[key])) return [];
  return [{ $case: 'supervisionPolicySet', value: { policy: p } }];
}

/** A jurisdiction's supervision settings; the latest set wins. */
export const policyDecider: Decider<SetPolicy, PolicyEvent, SupervisionPolicy | undefined> = {
  initialState: () => undefined,
  evolve: (_state, event) => event.value.policy,
  decide(command, state) {
    switch (command.type) {
      case 'SetPolicy':
        return setPolicy(command, state);
      default:
        // One command: a lone type does not narrow to never, its discriminant does.
        return assertNever(command.type);
    }
  },
};
