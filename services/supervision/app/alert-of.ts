import type { Alert } from '../../../generated/onewindow/supervision/v1/watch.ts';
import type { AlertDocument } from './projections/supervision-documents.ts';

/** An alert as the views hold it, for the caller. */
export const alertOf = (d: AlertDocument): Alert => ({
  alertId: d.id, caseNumber: d.caseNumber, deadlineKind: d.deadlineKind, level: d.level, dueOn: d.dueOn, raisedOn: d.raisedOn, resolvedOn: d.resolvedOn,
  deadline: d.deadline, handlingRegionCode: d.handlingRegionCode, handlingDepartment: d.handlingDepartment, itemCode: d.itemCode, itemName: d.itemName,
  voided: d.voided,
});
