import { z } from 'zod';
import { text } from '../../platform/grpc/request-fields.ts';

/**
 * How big the messages operators publish may be: sizes only, every string and list bounded. Their
 * rules (codes, known regions, statutory limits...) are the deciders', checked field by field
 * after these. The bounds sit well above real catalogs (an item has a dozen materials and a few
 * steps) and keep the largest item under half of OW_GRPC_MAX_REQUEST_BYTES's default, in Chinese.
 */

const list = <T extends z.ZodType>(element: T, max: number, what: string) => z.array(element).max(max, `must list at most ${max} ${what}`);
/** ts-proto decodes an absent message field as undefined; the deciders say whether it is required. */
const message = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).optional();

const CODE = 64;
const REGION_CODE = 9;
const NAME = 200;
/** A year has no more days than this: more dates than that cannot all be distinct. */
const DAYS_IN_A_YEAR = 366;

const materialRequirement = z.looseObject({ code: text(CODE), name: text(NAME), licenseTypes: list(text(CODE), 10, 'license types') });
const fee = z.looseObject({ name: text(NAME), legalBasis: text(500) });
const step = z.looseObject({ stepId: text(CODE), name: text(100), department: text(CODE), regionCode: text(REGION_CODE) });
const stage = z.looseObject({ name: text(100), steps: list(step, 10, 'parallel steps') });

export const serviceItemSizes = z.looseObject(
  {
    itemCode: text(CODE),
    basicCode: text(CODE),
    name: text(NAME),
    regionCode: text(REGION_CODE),
    agency: message({ name: text(NAME), creditCode: text(18), department: text(CODE) }),
    legalBasis: list(text(500), 20, 'legal bases'),
    conditions: list(text(500), 50, 'conditions'),
    materials: list(materialRequirement, 100, 'materials'),
    fees: list(fee, 20, 'fees'),
    workflow: message({ stages: list(stage, 10, 'stages') }),
    result: message({ licenseType: text(CODE), name: text(NAME) }),
    limits: message({ statutoryLimitBasis: text(500) }),
    channels: list(z.unknown(), 6, 'channels (each once)'),
  },
  { error: 'is required' },
);

export const bundleDefinitionSizes = z.looseObject(
  {
    bundleCode: text(CODE),
    name: text(NAME),
    regionCode: text(REGION_CODE),
    memberItemCodes: list(text(CODE), 20, 'items'),
    description: text(2000),
  },
  { error: 'is required' },
);

const staffAccount = text(128);
export const departmentSizes = z.looseObject({ regionCode: text(REGION_CODE), code: text(CODE), name: text(NAME) }, { error: 'is required' });
export const hallSizes = z.looseObject({ hallId: text(CODE), name: text(NAME), regionCode: text(REGION_CODE), address: text(NAME) }, { error: 'is required' });
export const regionSizes = z.looseObject({ code: text(REGION_CODE), name: text(NAME), parentCode: text(REGION_CODE), edition: text(16), inForceFrom: text(10), endedOn: text(10) }, { error: 'is required' });
export const windowSizes = z.looseObject({ hallId: text(CODE), windowId: text(CODE), name: text(NAME), departments: list(text(CODE), 50, 'departments') }, { error: 'is required' });
export const staffSizes = z.looseObject(
  { account: staffAccount, regionCode: text(REGION_CODE), department: text(CODE), hallId: text(CODE), windowId: text(CODE), roles: list(z.unknown(), 4, 'roles (each once)') },
  { error: 'is required' },
);

const dateRange = z.looseObject({ from: text(10), to: text(10) });
const days = { holidays: list(dateRange, DAYS_IN_A_YEAR, 'ranges'), workdays: list(text(10), DAYS_IN_A_YEAR, 'days') };

export const holidayNoticeSizes = z.looseObject({ ...days, source: text(200) }, { error: 'is required' });
export const calendarOverrideSizes = z.looseObject({ regionCode: text(REGION_CODE), ...days, reason: text(500) }, { error: 'is required' });
