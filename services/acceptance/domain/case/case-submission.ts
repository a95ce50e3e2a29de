import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { SubmitCase, SupplyMaterials } from './case-commands.ts';
import type { CaseEvent } from './case-events.ts';
import type { CaseState } from './case-state.ts';
import { checkMaterials } from './material-checks.ts';
import { mayBeReceivedAt } from './where-received.ts';

/** An application received through a channel; it may be incomplete (the clerk then tells it all at once). */
export function submit(command: SubmitCase, state: CaseState): CaseEvent[] {
  if (state.status !== 'none') throw new FailedPreconditionError(`case ${command.caseNumber} already exists`);
  const { item } = command;
  if (item.channels.length > 0 && !item.channels.includes(command.channel)) {
    throw new FailedPreconditionError(`item ${item.itemCode} cannot be applied for through ${command.channel}`);
  }
  if (!mayBeReceivedAt(item, command.submittedRegionCode, command.channel)) {
    throw new FailedPreconditionError(`item ${item.itemCode} is handled in ${item.regionCode} and cannot be received in ${command.submittedRegionCode} (${item.crossRegionScope})`);
  }
  const materials = checkMaterials(item, command.materials, command.reusable, command.submitter);
  return [
    {
      $case: 'caseSubmitted',
      value: {
        caseNumber: command.caseNumber,
        itemCode: item.itemCode,
        itemVersion: item.version,
        itemName: item.name,
        applicant: command.applicant,
        materials,
        submittedRegionCode: command.submittedRegionCode,
        handlingRegionCode: item.regionCode,
        handlingDepartment: item.agency?.department ?? '',
        channel: command.channel,
        applicantSubject: command.applicantSubject,
        holderId: command.holderId,
        bundleId: command.bundleId,
        receivedOn: chinaDateOf(command.now),
      },
    },
  ];
}

/**
 * Materials handed in after submission: a requested supplement (before acceptance), what 容缺
 * left open (after it), or what the back office asked for (退回补正). The catch-up, and the
 * back office's wait, end when nothing they need is left.
 */
export function supply(command: SupplyMaterials, state: CaseState): CaseEvent[] {
  if (state.status === 'none') throw new FailedPreconditionError('the case does not exist');
  // 容缺 holds back the result, not the decision: the catch-up may come before or after it.
  const catchingUp = (state.status === 'accepted' || state.status === 'concluded') && state.pendingMaterials.length > 0;
  const returned = state.status === 'accepted' ? state.approvalSupplement : undefined;
  if (!(state.status === 'submitted' || state.status === 'supplement-requested' || catchingUp || returned)) {
    const nothingLeft = state.status === 'accepted' || state.status === 'concluded';
    throw new FailedPreconditionError(`a case that is ${state.status} takes no materials${nothingLeft ? ' (nothing is left to catch up)' : ''}`);
  }
  const materials = checkMaterials(command.item, command.materials, command.reusable, command.submitter);
  const caseNumber = state.submitted.caseNumber;
  const today = chinaDateOf(command.now);
  const supplied: CaseEvent = { $case: 'materialsSupplied', value: { caseNumber, materials, suppliedOn: today } };
  const handedIn = new Set(materials.map((m) => m.materialCode));
  const caughtUp = catchingUp && state.pendingMaterials.every((code) => handedIn.has(code));
  const answered = returned && returned.pending.every((code) => handedIn.has(code));
  const events: CaseEvent[] = [supplied];
  if (caughtUp) events.push({ $case: 'catchUpCompleted', value: { caseNumber, completedOn: today } });
  if (answered) events.push({ $case: 'approvalSupplementSupplied', value: { caseNumber, taskId: returned.taskId, suppliedOn: today } });
  return events;
}
