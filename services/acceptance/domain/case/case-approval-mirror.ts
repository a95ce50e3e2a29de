import type { SupplementItem } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { MirrorDeadlines, MirrorResumption, MirrorSuspension } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import { type CaseRecord, type CaseState, givenCodes } from './case-state.ts';

const sameDeadline = (a: Deadline | undefined, b: Deadline | undefined) =>
  a?.date === b?.date && a?.workingDays === b?.workingDays && a?.provisional === b?.provisional;

/**
 * What the back office does to the case, mirrored so every channel (and supervision, which follows
 * the case) sees it on the case, in order: approval's clock standing still and running again, a
 * return for materials, and the statutory and promised deadlines, which approval's clock owns once
 * the process runs.
 */
export const caseApprovalMirror = {
  /** Once per stop; only while the case is with approval. */
  suspend(command: MirrorSuspension, state: CaseState): CaseEvent[] {
    if (state.status !== 'accepted' || state.suspension) return [];
    const { submitted } = state;
    const suspended: CaseEvent = {
      $case: 'caseSuspended',
      value: {
        caseNumber: submitted.caseNumber,
        kind: command.kind,
        since: command.since,
        reason: command.reason,
        legalBasis: command.legalBasis,
        expectedWorkingDays: command.expectedWorkingDays,
      },
    };
    return command.kind === 'SUSPENSION_KIND_SUPPLEMENT' ? [suspended, supplementRequest(command, state)] : [suspended];
  },

  /** Once per stop. */
  resume(command: MirrorResumption, state: CaseState): CaseEvent[] {
    if (state.status !== 'accepted' || !state.suspension) return [];
    const { resumedOn, statutoryDeadline, promisedDeadline, result } = command;
    return [{ $case: 'caseResumed', value: { caseNumber: state.submitted.caseNumber, resumedOn, statutoryDeadline, promisedDeadline, result } }];
  },

  /** Nothing when the dates are those the case shows already, or the case has left approval. */
  mirrorDeadlines(command: MirrorDeadlines, state: CaseState): CaseEvent[] {
    if (state.status !== 'accepted' || !state.accepted) return [];
    const { accepted } = state;
    if (sameDeadline(accepted.statutoryDeadline, command.statutoryDeadline) && sameDeadline(accepted.promisedDeadline, command.promisedDeadline)) return [];
    return [
      {
        $case: 'caseDeadlinesRecomputed',
        value: {
          caseNumber: state.submitted.caseNumber,
          statutoryDeadline: command.statutoryDeadline,
          promisedDeadline: command.promisedDeadline,
          catchUpDeadline: accepted.catchUpDeadline,
          reason: command.reason,
          deliveryDeadline: undefined,
        },
      },
    ];
  },
};

/** A return for materials (退回补正), with the materials' names as the applicant is told them. */
function supplementRequest(command: MirrorSuspension, record: CaseRecord): CaseEvent {
  const given = givenCodes(record);
  const items: SupplementItem[] = command.materialCodes.map((code) => ({
    materialCode: code,
    problem: given.has(code) ? 'MATERIAL_PROBLEM_DEFECTIVE' : 'MATERIAL_PROBLEM_MISSING',
    note: command.reason,
    materialName: command.item.materials.find((m) => m.code === code)?.name ?? code,
  }));
  const { submitted } = record;
  return {
    $case: 'approvalSupplementRequested',
    value: {
      caseNumber: submitted.caseNumber,
      taskId: command.taskId,
      items,
      note: command.reason,
      requestedOn: command.since,
      itemName: submitted.itemName,
      applicantSubject: submitted.applicantSubject,
      applicantPhone: submitted.applicant?.phone ?? '',
    },
  };
}
