import { SubmitBundleRequest, SubmitCaseRequest, GetWorkingCalendarRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import {
  LoadHolidayNoticeRequest,
  PublishBundleRequest,
  PublishServiceItemRequest,
  SetCalendarOverrideRequest,
} from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { SetNotificationPreferencesRequest } from '../../generated/onewindow/notification/v1/notification_service.ts';
import { SetSupervisionPolicyRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { bundleSeed, catalogSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import type { Random } from './prng.ts';

/**
 * Valid requests for the methods whose random requests hardly ever pass validation (many fields,
 * each with its rules): the fuzzer sends them as they are, or with one field overwritten by a
 * random one (appended to the encoding: the last value of a field wins), so their handlers are
 * fuzzed too. `caller` indexes the fuzzer's CALLERS.
 */
export interface Template {
  readonly caller: number;
  readonly channel: string;
  make(random: Random, requestId: string): Buffer;
}

const bytes = (encoded: Uint8Array) => Buffer.from(encoded);
const five = (random: Random) => String(random.between(10_000, 99_999));

export const templates: Readonly<Record<string, Template>> = {
  '/onewindow.acceptance.v1.AcceptanceService/SubmitCase': {
    caller: 3,
    channel: 'pc',
    make: (_random, requestId) =>
      bytes(SubmitCaseRequest.encode(SubmitCaseRequest.fromPartial({
        requestId,
        itemCode: catalogSeed[1]!.itemCode,
        applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
        materials: ['registration-form', 'id-card', 'premises'].map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_C' })),
        submittedRegionCode: '350102',
      })).finish()),
  },
  '/onewindow.acceptance.v1.AcceptanceService/SubmitBundle': {
    caller: 0,
    channel: 'counter',
    make: (_random, requestId) =>
      bytes(SubmitBundleRequest.encode(SubmitBundleRequest.fromPartial({
        requestId,
        bundleCode: bundleSeed[0]!.bundleCode,
        applicant: { kind: { $case: 'person', value: { name: '赵六', idNumber: '34052419800101001X' } }, phone: '13912345678' },
        materials: [...new Set(startupItems.flatMap((item) => item.materials.filter((m) => m.required).map((m) => m.code)))].map((code) => ({
          materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B',
        })),
        submittedRegionCode: '350102001',
        applicantSubject: 'applicant-zhaoliu',
      })).finish()),
  },
  '/onewindow.acceptance.v1.AcceptanceService/GetWorkingCalendar': {
    caller: 3,
    channel: 'mobile',
    make: (random) => bytes(GetWorkingCalendarRequest.encode(GetWorkingCalendarRequest.fromPartial({ regionCode: random.pick(['350102', '350121', '']), year: random.between(2025, 2027) })).finish()),
  },
  '/onewindow.acceptance.v1.AdministrationService/PublishServiceItem': {
    caller: 10,
    channel: 'pc',
    make: (random, requestId) => {
      const { itemCode: _code, ...item } = catalogSeed[random.int(catalogSeed.length)]!;
      return bytes(PublishServiceItemRequest.encode(PublishServiceItemRequest.fromPartial({ requestId, item: { ...item, itemCode: `11350102003061XR-0009${five(random)}000` } })).finish());
    },
  },
  '/onewindow.acceptance.v1.AdministrationService/PublishBundle': {
    caller: 10,
    channel: 'pc',
    make: (random, requestId) =>
      bytes(PublishBundleRequest.encode(PublishBundleRequest.fromPartial({ requestId, bundle: { ...bundleSeed[0]!, bundleCode: `KBQY-${five(random)}` } })).finish()),
  },
  '/onewindow.acceptance.v1.AdministrationService/LoadHolidayNotice': {
    caller: 10,
    channel: 'pc',
    make: (random, requestId) =>
      bytes(LoadHolidayNoticeRequest.encode(LoadHolidayNoticeRequest.fromPartial({
        requestId,
        notice: { year: random.between(2027, 2030), holidays: [{ from: '2027-01-01', to: '2027-01-03' }], workdays: [], source: 'fuzz notice' },
      })).finish()),
  },
  '/onewindow.acceptance.v1.AdministrationService/SetCalendarOverride': {
    caller: 10,
    channel: 'pc',
    make: (_random, requestId) =>
      bytes(SetCalendarOverrideRequest.encode(SetCalendarOverrideRequest.fromPartial({
        requestId,
        override: { regionCode: '350121', year: 2026, holidays: [{ from: '2026-12-30', to: '2026-12-30' }], workdays: [], reason: '测试' },
      })).finish()),
  },
  '/onewindow.notification.v1.NotificationService/SetNotificationPreferences': {
    caller: 3,
    channel: 'mobile',
    make: (_random, requestId) =>
      bytes(SetNotificationPreferencesRequest.encode(SetNotificationPreferencesRequest.fromPartial({ requestId, channels: ['DELIVERY_CHANNEL_SMS'] })).finish()),
  },
  '/onewindow.supervision.v1.SupervisionService/SetSupervisionPolicy': {
    caller: 8,
    channel: 'pc',
    make: (random, requestId) =>
      bytes(SetSupervisionPolicyRequest.encode(SetSupervisionPolicyRequest.fromPartial({
        requestId,
        policy: { regionCode: random.pick(['350102', '350121']), yellowWorkingDaysLeft: 2, yellowElapsedPercent: 80, contactWorkingDays: 1, rectifyWorkingDays: 5, ratingInvitationDays: 3, pauseMaxWorkingDays: 20 },
      })).finish()),
  },
};
