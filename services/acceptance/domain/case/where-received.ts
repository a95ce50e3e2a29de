import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import { cityUnitPrefix, isWithin } from '../../../platform/codes/region-code.ts';

/** Channels that reach the handling office wherever the applicant is: online, mail, the hotline. */
const REMOTE: readonly Channel[] = ['CHANNEL_PC', 'CHANNEL_MOBILE', 'CHANNEL_MAIL', 'CHANNEL_HOTLINE'];

/**
 * Whether a hall or kiosk in `submittedRegionCode` may receive the item (通办范围): in the
 * handling region's subtree always, and beyond it across counties of its city (跨县), cities of its
 * province (跨市), or anywhere (跨省, 全国). A scope widens where an item is received, never narrows
 * it: an item handled by a province with 跨县 scope is still received anywhere in the province.
 * Remote channels are not bound to a place.
 */
export function mayBeReceivedAt(item: ServiceItem, submittedRegionCode: string, channel: Channel): boolean {
  if (REMOTE.includes(channel) || isWithin(submittedRegionCode, item.regionCode)) return true;
  const handling = item.regionCode;
  switch (item.crossRegionScope) {
    case 'CROSS_REGION_SCOPE_PROVINCE':
    case 'CROSS_REGION_SCOPE_NATIONAL':
      return true;
    case 'CROSS_REGION_SCOPE_CITY':
      return submittedRegionCode.slice(0, 2) === handling.slice(0, 2);
    case 'CROSS_REGION_SCOPE_COUNTY':
      return cityUnitPrefix(submittedRegionCode) === cityUnitPrefix(handling);
    default:
      return false;
  }
}
