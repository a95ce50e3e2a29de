import { ComputeDeadlineRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { AdministrationServiceService, SetCalendarOverrideRequest } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';

/**
 * What the fuzzer found, kept so that every run replays it (test/reliability/fuzz.test.ts). While a
 * finding is `open`, the random fuzz stays clear of its trigger (see `avoid`), so that it keeps
 * looking for other bugs instead of finding this one again; the replay of the finding itself fails
 * until the service is fixed. Mark a finding `fixed` once it is: its replay must pass from then on
 * and the random fuzz reaches its trigger again.
 */
export interface KnownFinding {
  readonly id: string;
  readonly status: 'open' | 'fixed';
  /** The RPC's path. */
  readonly method: string;
  readonly hex: string;
  readonly authorization: string;
  readonly channel: string;
  readonly what: string;
  /** What the random fuzz stays clear of while the finding is open. */
  readonly avoid: 'far-future-dates' | 'long-repeated-fields';
}

const operator = `Bearer ${mintDevelopmentToken({ sub: 'operator-1', roles: ['operator'] })}`;
const applicant = `Bearer ${mintDevelopmentToken({ sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: '34052419800101001X' } })}`;

export const knownFindings: readonly KnownFinding[] = [
  {
    id: 'compute-deadline-year-9999',
    status: 'fixed',
    method: '/onewindow.acceptance.v1.AcceptanceService/ComputeDeadline',
    // { start_date: "9999-12-31", working_days: 1 }
    hex: Buffer.from(ComputeDeadlineRequest.encode(ComputeDeadlineRequest.fromPartial({ startDate: '9999-12-31', workingDays: 1 })).finish()).toString('hex'),
    authorization: applicant,
    channel: 'mobile',
    what:
      'the platform stops answering for good (every service, health checks too): WorkingCalendar.addWorkingDays loops for ever, ' +
      "because addDays('9999-12-31', 1) gives '+010000-01', which never advances and is never a working day; the call's deadline cannot interrupt a synchronous loop",
    avoid: 'far-future-dates',
  },
  {
    id: 'unbounded-invalid-argument-trailers',
    status: 'fixed',
    method: AdministrationServiceService.setCalendarOverride.path,
    // { request_id: "fuzz-trailer", override: { region_code: "350102", year: 2026, workdays: 1000 × "not-a-date", reason: "x" } }
    hex: Buffer.from(
      SetCalendarOverrideRequest.encode(
        SetCalendarOverrideRequest.fromPartial({
          requestId: 'fuzz-trailer',
          override: { regionCode: '350102', year: 2026, holidays: [], workdays: Array.from({ length: 1000 }, () => 'not-a-date'), reason: 'x' },
        }),
      ).finish(),
    ).toString('hex'),
    authorization: operator,
    channel: 'pc',
    what:
      'INTERNAL ("Received RST_STREAM with code 2 triggered by internal client error: Protocol error") instead of INVALID_ARGUMENT: ' +
      'the status message and the BadRequest trailer list every violation (about 60 B each, twice), so 1,000 bad elements make trailers ' +
      "larger than the client's HTTP/2 header limit; the client then drops the connection, and every other call in flight on it fails with INTERNAL too",
    avoid: 'long-repeated-fields',
  },
];

/** Generator restrictions in force: those of the open findings. */
export function restrictionsInForce(): ReadonlySet<KnownFinding['avoid']> {
  return new Set(knownFindings.filter((finding) => finding.status === 'open').map((finding) => finding.avoid));
}
