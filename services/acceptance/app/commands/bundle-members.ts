import type { SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { FailedPreconditionError, type FieldViolation, ValidationError } from '../../../platform/domain/errors.ts';
import type { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { caseDecider } from '../../domain/case/case-decider.ts';
import { type ReceivedApplication, submitCaseCommand } from '../application-intake.ts';

/** A member's share of the bundle's materials, each with its place in the request. */
export function shareOf(item: ServiceItem, materials: readonly SubmittedMaterial[]): { material: SubmittedMaterial; index: number }[] {
  const codes = new Set(item.materials.map((m) => m.code));
  return materials.flatMap((material, index) => (codes.has(material.materialCode) ? [{ material, index }] : []));
}

/** The application as one member case receives it: its share of the materials. */
export function memberApplication(item: ServiceItem, application: ReceivedApplication): ReceivedApplication {
  return { ...application, materials: shareOf(item, application.materials).map((s) => s.material) };
}

/**
 * Every member case must be receivable as applied for before anything is written: a bundle is
 * all or nothing. Violations name the field as the caller sent it.
 */
export function checkMembers(calendars: CalendarRegistry, items: readonly ServiceItem[], application: ReceivedApplication, caller: CallContext, now: Date): void {
  const decideCase = caseDecider(calendars);
  const violations: FieldViolation[] = application.materials.flatMap((material, index) =>
    items.some((item) => item.materials.some((m) => m.code === material.materialCode))
      ? []
      : [{ field: `materials[${index}].material_code`, description: 'is not a material of any item of the bundle' }],
  );
  for (const item of items) {
    const share = shareOf(item, application.materials);
    const command = submitCaseCommand({ item, application: { ...application, materials: share.map((s) => s.material) }, caseNumber: '', bundleId: '', caller, now });
    try {
      decideCase.decide(command, { status: 'none' });
    } catch (error) {
      if (error instanceof FailedPreconditionError) throw new FailedPreconditionError(`${item.name} (${item.itemCode}): ${error.message}`);
      if (!(error instanceof ValidationError)) throw error;
      for (const violation of error.violations) {
        const field = violation.field.replace(/^materials\[(\d+)\]/, (_, k: string) => `materials[${share[Number(k)]?.index ?? k}]`);
        violations.push({ field, description: `${violation.description} (${item.itemCode})` });
      }
    }
  }
  if (violations.length > 0) throw new ValidationError(violations);
}
