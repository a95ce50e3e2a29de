import { z } from 'zod';
import { CITIZEN_ID_RULE, isValidCitizenId } from '../../platform/codes/citizen-id.ts';
import { CREDIT_CODE_RULE, isValidCreditCode } from '../../platform/codes/credit-code.ts';
import { REGION_CODE_RULE, isRegionCode } from '../../platform/codes/region-code.ts';
import { pageSizeSchema } from '../../platform/grpc/page-token.ts';

/** Field rules of acceptance's requests. Messages state the rule, never the value given. */

export const requestId = z
  .string()
  .min(1, 'is required: a unique id per request, reused when the request is retried')
  .max(128, 'must be at most 128 characters');

export const caseNumber = z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)');
const itemCode = z.string().min(1, 'is required').max(64, 'must be at most 64 characters');
const regionCode = z.string().refine(isRegionCode, REGION_CODE_RULE);
const optionalRegionCode = z.string().refine((code) => code === '' || isRegionCode(code), REGION_CODE_RULE);
const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

const person = z.object({
  name,
  idNumber: z.string().refine(isValidCitizenId, CITIZEN_ID_RULE),
});

const organization = z.object({
  name,
  creditCode: z.string().refine(isValidCreditCode, CREDIT_CODE_RULE),
});

const applicant = z.object(
  {
    kind: z.discriminatedUnion(
      '$case',
      [z.object({ $case: z.literal('person'), value: person }), z.object({ $case: z.literal('organization'), value: organization })],
      { error: 'is required: a person (GB 11643 ID number) or an organization (GB 32100 credit code)' },
    ),
    phone: z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mobile phone number'),
  },
  { error: 'is required' },
);

const material = z.object({
  materialCode: z.string().min(1, 'is required').max(64, 'must be at most 64 characters'),
  source: z.enum(['MATERIAL_SOURCE_UPLOAD', 'MATERIAL_SOURCE_E_LICENSE', 'MATERIAL_SOURCE_EARLIER_CASE'], {
    error: 'must be upload, e-license or earlier case',
  }),
  reference: z.string().min(1, 'is required: the upload key, license id or case number').max(256, 'must be at most 256 characters'),
  trustLevel: z.enum(['TRUST_LEVEL_A', 'TRUST_LEVEL_B', 'TRUST_LEVEL_C', 'TRUST_LEVEL_D'], { error: 'must be A, B, C or D' }),
});

export const listServiceItemsSchema = z.object({
  regionCode: optionalRegionCode,
  keyword: z.string().max(50, 'must be at most 50 characters'),
  pageSize: pageSizeSchema,
});

export const getServiceItemSchema = z.object({ itemCode });

export const submitCaseSchema = z.object({
  requestId,
  itemCode,
  applicant,
  materials: z.array(material).max(100, 'must list at most 100 materials'),
  submittedRegionCode: regionCode,
  applicantSubject: z.string().regex(/^[A-Za-z0-9._:@-]{0,128}$/, 'must be an account id (letters, digits and ._:@-)'),
});

export const acceptCaseSchema = z.object({ requestId, caseNumber });
export const getCaseSchema = z.object({ caseNumber });
