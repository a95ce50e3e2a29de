import type { BundleDefinition, ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { CREDIT_CODE_RULE, isValidCreditCode } from '../../../platform/codes/credit-code.ts';
import type { FieldViolation } from '../../../platform/domain/errors.ts';

/** Administrative Licensing Law Art. 42: 20 working days to decide; Art. 26: 45 for joint handling. */
export const STATUTORY_LIMIT_WORKING_DAYS = 20;
export const JOINT_STATUTORY_LIMIT_WORKING_DAYS = 45;

const CODE = /^[0-9A-Za-z_.:-]{1,64}$/;
const UNKNOWN_DEPARTMENT = 'must be a department of the directory in the region or a region above it (import the directory first)';
/** Step ids become part of task ids ("<case>:<stage>:<step>"), so they hold no ":" or ".". */
const STEP_ID = /^[0-9A-Za-z_-]{1,64}$/;

/** What checking an item needs to know of the division table and the directory. */
export interface ItemLookups {
  knownRegion(code: string): boolean;
  /** Whether the directory has a department of that code in the region or a region above it (a county's department implements its townships' items). */
  knownDepartment(regionCode: string, code: string): boolean;
}

/**
 * Everything wrong with an item before it is published (the item fields of GB/T 39046), as field
 * violations under `field` (or named from the item itself when it is empty). Its agency's
 * department and each step's must be in the directory: at the item's region (or above), or at the
 * step's own region when it names one.
 */
export function itemViolations(item: Omit<ServiceItem, 'version'>, known: ItemLookups, field = 'item'): FieldViolation[] {
  const { knownRegion } = known;
  const violations: FieldViolation[] = [];
  const fail = (path: string, description: string) => violations.push({ field: field ? `${field}.${path}` : path, description });
  if (!CODE.test(item.itemCode)) fail('item_code', 'must be 1 to 64 letters, digits or _.:-');
  if (item.basicCode && !CODE.test(item.basicCode)) fail('basic_code', 'must be at most 64 letters, digits or _.:-');
  if (!item.name.trim() || item.name.length > 200) fail('name', 'is required, at most 200 characters');
  if (item.itemType === 'ITEM_TYPE_UNSPECIFIED') fail('item_type', 'is required (GB/T 39046 item type)');
  if (item.handlingLevel === 'LEVEL_UNSPECIFIED') fail('handling_level', 'is required');
  if (!knownRegion(item.regionCode)) fail('region_code', 'must be a region this installation serves');
  if (!item.agency?.name.trim()) fail('agency.name', 'is required');
  if (!isValidCreditCode(item.agency?.creditCode ?? '')) fail('agency.credit_code', CREDIT_CODE_RULE);
  if (!item.agency?.department.trim()) fail('agency.department', 'is required: tasks are routed by it');
  else if (!known.knownDepartment(item.regionCode, item.agency.department)) fail('agency.department', UNKNOWN_DEPARTMENT);

  const codes = new Set<string>();
  item.materials.forEach((material, i) => {
    if (!CODE.test(material.code)) fail(`materials[${i}].code`, 'must be 1 to 64 letters, digits or _.:-');
    else if (codes.has(material.code)) fail(`materials[${i}].code`, 'must be unique within the item');
    codes.add(material.code);
    if (!material.name.trim()) fail(`materials[${i}].name`, 'is required');
  });

  const limits = item.limits;
  const statutory = limits?.statutoryWorkingDays ?? 0;
  const promised = limits?.promisedWorkingDays ?? 0;
  if (!limits || limits.handlingKind === 'HANDLING_KIND_UNSPECIFIED') fail('limits.handling_kind', 'is required: on the spot or promised');
  if (limits?.handlingKind === 'HANDLING_KIND_PROMISED' && promised === 0) fail('limits.promised_working_days', 'must be more than 0 for a promised item');
  if (limits?.handlingKind === 'HANDLING_KIND_ON_THE_SPOT' && promised !== 0) fail('limits.promised_working_days', 'must be 0 for an item done on the spot');
  if (statutory > 0 && promised > statutory) fail('limits.promised_working_days', 'must not exceed the statutory limit');
  const joint = item.workflow?.jointHandling ?? false;
  const maximum = joint ? JOINT_STATUTORY_LIMIT_WORKING_DAYS : STATUTORY_LIMIT_WORKING_DAYS;
  const otherLaw = limits?.statutoryLimitBasis.trim() ?? '';
  if (item.itemType === 'ITEM_TYPE_LICENSING' && statutory > maximum && !otherLaw) {
    fail(
      'limits.statutory_working_days',
      `must be at most ${maximum} for a licence (行政许可法 Art. ${joint ? 26 : 42}) unless limits.statutory_limit_basis names the law or regulation that sets it`,
    );
  }

  const stages = item.workflow?.stages ?? [];
  if (stages.length === 0) fail('workflow.stages', 'must have at least one stage');
  const stepIds = new Set<string>();
  stages.forEach((stage, s) => {
    if (stage.steps.length === 0) fail(`workflow.stages[${s}].steps`, 'must have at least one step');
    stage.steps.forEach((step, i) => {
      const at = `workflow.stages[${s}].steps[${i}]`;
      if (!STEP_ID.test(step.stepId)) fail(`${at}.step_id`, 'must be 1 to 64 letters, digits, _ or -');
      else if (stepIds.has(step.stepId)) fail(`${at}.step_id`, 'must be unique within the workflow');
      stepIds.add(step.stepId);
      if (!step.department.trim()) fail(`${at}.department`, 'is required');
      else if (!known.knownDepartment(step.regionCode || item.regionCode, step.department)) fail(`${at}.department`, UNKNOWN_DEPARTMENT);
      if (step.regionCode && !knownRegion(step.regionCode)) fail(`${at}.region_code`, 'must be a region this installation serves');
      if (step.workingDays > STATUTORY_LIMIT_WORKING_DAYS) fail(`${at}.working_days`, `must be at most ${STATUTORY_LIMIT_WORKING_DAYS}`);
    });
  });

  if (!item.result || item.result.kind === 'RESULT_KIND_UNSPECIFIED') fail('result.kind', 'is required: an e-license or a document');
  if (item.result?.kind === 'RESULT_KIND_E_LICENSE' && !item.result.licenseType.trim()) fail('result.license_type', 'is required for an e-license result');
  return violations;
}

/** Everything wrong with a bundle definition before it is published. */
export function bundleViolations(
  bundle: Omit<BundleDefinition, 'version'>,
  knownRegion: (code: string) => boolean,
  offeredItem: (code: string) => boolean,
  field = 'bundle',
): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const fail = (path: string, description: string) => violations.push({ field: field ? `${field}.${path}` : path, description });
  if (!CODE.test(bundle.bundleCode)) fail('bundle_code', 'must be 1 to 64 letters, digits or _.:-');
  if (!bundle.name.trim()) fail('name', 'is required');
  if (!knownRegion(bundle.regionCode)) fail('region_code', 'must be a region this installation serves');
  if (bundle.memberItemCodes.length < 2) fail('member_item_codes', 'must list at least two items: a bundle joins several');
  if (new Set(bundle.memberItemCodes).size !== bundle.memberItemCodes.length) fail('member_item_codes', 'must not repeat an item');
  bundle.memberItemCodes.forEach((code, i) => {
    if (!offeredItem(code)) fail(`member_item_codes[${i}]`, 'must be an item offered in the catalog');
  });
  return violations;
}
