import type { SupplementItem } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { Deadline } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { MirrorDeadlines, RecordApprovalSupplement } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import { type CaseState, givenCodes } from './case-state.ts';

const sameDeadline = (a: Deadline | undefined, b: Deadline | undefined) =>
  a?.date === b?.date && a?.workingDays === b?.workingDays && a?.provisional === b?.provisional;

/**
 * What the back office does to the case, mirrored so every channel sees it on the case: a return
 * for materials, and the statutory and promised deadlines, which approval's clock owns once the
 * process runs (it stops for special procedures and returns, and may be extended once).
 */
export const caseApprovalMirror = {
  /** Once per return; only while the case is with approval. */
  recordSupplement(command: RecordApprovalSupplement, state: CaseState): CaseEvent[] {
    if (state.status !== 'accepted' || state.approvalSupplement?.taskId === command.taskId) return [];
    const given = givenCodes(state);
    const items: SupplementItem[] = command.materialCodes.map((code) => ({
      materialCode: code,
      problem: given.has(code) ? 'MATERIAL_PROBLEM_DEFECTIVE' : 'MATERIAL_PROBLEM_MISSING',
      note: command.note,
      materialName: command.item.materials.find((m) => m.code === code)?.name ?? code,
    }));
    const { submitted } = state;
    return [
      {
        $case: 'approvalSupplementRequested',
        value: {
          caseNumber: submitted.caseNumber,
          taskId: command.taskId,
          items,
          note: command.note,
          requestedOn: command.requestedOn,
          itemName: submitted.itemName,
          applicantSubject: submitted.applicantSubject,
          applicantPhone: submitted.applicant?.phone ?? '',
        },
      },
    ];
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
