import { z } from 'zod';
import { DATE_RULE, isCalendarDate } from '../../platform/time/calendar-date.ts';
import { CITIZEN_ID_RULE, isValidCitizenId } from '../../platform/codes/citizen-id.ts';
import { CREDIT_CODE_RULE, isValidCreditCode } from '../../platform/codes/credit-code.ts';
import { REGION_CODE_RULE, isRegionCode } from '../../platform/codes/region-code.ts';
import { pageSizeSchema, pageTokenSchema } from '../../platform/grpc/page-token.ts';
import { consistencyTokenSchema as consistencyToken } from '../../platform/projection/consistency-token.ts';
import { bundleDefinitionSizes, calendarOverrideSizes, holidayNoticeSizes, serviceItemSizes } from './administration-sizes.ts';
import { text } from '../../platform/grpc/request-fields.ts';

/**
 * Field rules of acceptance's requests. Messages state the rule, never the value given. Every
 * string and list has a bound (test/e2e/input-limits.test.ts sends each one far over it).
 */

export const requestId = z
  .string()
  .min(1, 'is required: a unique id per request, reused when the request is retried')
  .max(128, 'must be at most 128 characters');

export const caseNumber = z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)');
const code = z.string().regex(/^[0-9A-Za-z_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _.:-');
const regionCode = z.string().refine(isRegionCode, REGION_CODE_RULE);
const optionalRegionCode = z.string().refine((value) => value === '' || isRegionCode(value), REGION_CODE_RULE);
const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const accountId = z.string().regex(/^[A-Za-z0-9._:@-]{0,128}$/, 'must be an account id (letters, digits and ._:@-)');

const person = z.object({ name, idNumber: z.string().refine(isValidCitizenId, CITIZEN_ID_RULE) });
const organization = z.object({ name, creditCode: z.string().refine(isValidCreditCode, CREDIT_CODE_RULE) });

/** A person (GB 11643 ID number) or an organization (GB 32100 credit code). */
const holder = z.discriminatedUnion(
  '$case',
  [z.object({ $case: z.literal('person'), value: person }), z.object({ $case: z.literal('organization'), value: organization })],
  { error: 'is required: a person (GB 11643 ID number) or an organization (GB 32100 credit code)' },
);

const applicant = z.object(
  { kind: holder, phone: z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mobile phone number') },
  { error: 'is required' },
);

/** For look-ups by identity only: the phone does not matter, but it is bounded like any field. */
const identity = z.object({ kind: holder, phone: text(20) }, { error: 'is required' });

const material = z.object({
  materialCode: code,
  source: z.enum(['MATERIAL_SOURCE_UPLOAD', 'MATERIAL_SOURCE_E_LICENSE', 'MATERIAL_SOURCE_EARLIER_CASE'], {
    error: 'must be upload, e-license or earlier case',
  }),
  reference: z.string().min(1, 'is required: the upload key, license id or case number').max(256, 'must be at most 256 characters'),
  trustLevel: z.enum(['TRUST_LEVEL_UNSPECIFIED', 'TRUST_LEVEL_A', 'TRUST_LEVEL_B', 'TRUST_LEVEL_C', 'TRUST_LEVEL_D'], { error: 'must be A, B, C or D' }),
});

const materials = z.array(material).max(100, 'must list at most 100 materials');

export const listServiceItemsSchema = z.object({ regionCode: optionalRegionCode, keyword: text(50), pageSize: pageSizeSchema, pageToken: pageTokenSchema, consistencyToken });
export const getServiceItemSchema = z.object({ itemCode: code });

export const submitCaseSchema = z.object({ requestId, itemCode: code, applicant, materials, submittedRegionCode: regionCode, applicantSubject: accountId });

export const acceptCaseSchema = z.object({
  requestId,
  caseNumber,
  mode: z.enum(['ACCEPTANCE_MODE_UNSPECIFIED', 'ACCEPTANCE_MODE_NORMAL', 'ACCEPTANCE_MODE_TOLERANCE', 'ACCEPTANCE_MODE_COMMITMENT'], {
    error: 'must be normal, tolerance (容缺) or commitment (告知承诺)',
  }),
  catchUpWorkingDays: z.number().max(365, 'must be at most 365'),
});

/** GetCase, GetCaseHistory and WatchCase. */
export const getCaseSchema = z.object({ caseNumber, consistencyToken });

export const listCasesSchema = z.object({
  hallId: text(64),
  statuses: z.array(z.string()).max(7, 'must list each of the 7 case states at most once'),
  regionCode: optionalRegionCode,
  pageSize: pageSizeSchema,
  pageToken: pageTokenSchema,
  consistencyToken,
});

export const requestSupplementSchema = z.object({
  requestId,
  caseNumber,
  items: z
    .array(
      z.object({
        materialCode: code,
        problem: z.enum(['MATERIAL_PROBLEM_MISSING', 'MATERIAL_PROBLEM_DEFECTIVE'], { error: 'must be missing or defective' }),
        note: text(500),
        materialName: text(200),
      }),
    )
    .max(100, 'must list at most 100 materials'),
});

export const supplyMaterialsSchema = z.object({ requestId, caseNumber, materials: materials.min(1, 'must list at least one material') });

export const refuseCaseSchema = z.object({ requestId, caseNumber, reason: text(1000), legalBasis: text(500) });
export const withdrawCaseSchema = z.object({ requestId, caseNumber, reason: text(1000) });

export const deliverResultSchema = z.object({
  requestId,
  caseNumber,
  method: z.enum(['DELIVERY_METHOD_WINDOW', 'DELIVERY_METHOD_MAIL', 'DELIVERY_METHOD_ELECTRONIC'], { error: 'must be window, mail or electronic' }),
  trackingNumber: text(64),
  collector: identity.optional(),
});

export const listReusableMaterialsSchema = z.object({ holder: identity, consistencyToken });

export const submitBundleSchema = z.object({ requestId, bundleCode: code, applicant, materials, submittedRegionCode: regionCode, applicantSubject: accountId });
export const getBundleSchema = z.object({ bundleId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a bundle id'), consistencyToken });
export const listBundlesSchema = z.object({ regionCode: optionalRegionCode, consistencyToken });
export const listRegionsSchema = z.object({ parentCode: optionalRegionCode, pageSize: pageSizeSchema, pageToken: pageTokenSchema });
export const getRegionSchema = z.object({ code: regionCode });

const year = z.number().int().min(2000, 'must be a year from 2000 to 2100').max(2100, 'must be a year from 2000 to 2100');
export const getWorkingCalendarSchema = z.object({ regionCode: optionalRegionCode, year, consistencyToken });
export const computeDeadlineSchema = z.object({
  regionCode: optionalRegionCode,
  startDate: z.string().refine(isCalendarDate, DATE_RULE),
  workingDays: z.number().max(365, 'must be at most 365'),
  consistencyToken,
});

/** Administration: sizes here; the messages' own rules are checked by the deciders, field by field. */
export const publishServiceItemSchema = z.object({ requestId, item: serviceItemSizes });
/** An import's first message (ImportCatalog, ImportDirectory): its options (the file follows in chunks). */
export const importOptionsSchema = z.object({
  part: z.object(
    {
      $case: z.literal('options', { error: 'must be the options: the first message of an import carries them, the file follows' }),
      value: z.object({
        requestId,
        format: z.enum(['IMPORT_FORMAT_JSON', 'IMPORT_FORMAT_CSV'], { error: 'is required: JSON or CSV' }),
        policy: z.enum(['IMPORT_POLICY_UNSPECIFIED', 'IMPORT_POLICY_ALL_OR_NOTHING', 'IMPORT_POLICY_GOOD_ROWS'], { error: 'must be ALL_OR_NOTHING or GOOD_ROWS' }),
      }),
    },
    { error: 'is required: the options come first' },
  ),
});
export const loadRegionEditionSchema = importOptionsSchema.extend({
  edition: z.string().regex(/^[0-9A-Za-z.-]{1,16}$/, 'is required: 1 to 16 letters, digits, . or - (e.g. "2024")'),
  inForceFrom: z.string().refine(isCalendarDate, DATE_RULE),
});
export const listDirectorySchema = z.object({ regionCode, consistencyToken });
export const retireServiceItemSchema = z.object({ requestId, itemCode: code, reason: text(500) });
export const publishBundleSchema = z.object({ requestId, bundle: bundleDefinitionSizes });
export const loadHolidayNoticeSchema = z.object({ requestId, notice: holidayNoticeSizes });
export const setCalendarOverrideSchema = z.object({ requestId, override: calendarOverrideSizes });
export const setJurisdictionPolicySchema = z.object({ requestId, policy: z.object({ regionCode }, { error: 'is required' }) });
export const recordBadCreditSchema = z.object({ requestId, holder: identity, reason: text(500) });
// The reason is checked here, not only by the decider: the keys are destroyed before the erasure is recorded.
export const eraseDataSubjectSchema = z.object({ requestId, holder: identity, reason: text(500).refine((reason) => reason.trim() !== '', 'is required: an erasure records why') });
