import { describe, expect, it } from 'vitest';
import { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { loadSettings } from '../../platform/config/load-settings.ts';
import { platformSettings } from '../../platform/config/platform-settings.ts';

/** The platform's settings with nothing set: their defaults. */
const loadConfiguration = (environment: NodeJS.ProcessEnv) => loadSettings(environment, platformSettings, []);
import { serviceItemSizes } from './administration-sizes.ts';

/** Text of `length` characters of three UTF-8 bytes each: the worst case for a Chinese catalog. */
const chinese = (length: number) => '审'.repeat(length);
const times = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);

/** A service item with every string and list at its size bound. */
const largestItem = (): ServiceItem =>
  ServiceItem.fromPartial({
    itemCode: chinese(64),
    basicCode: chinese(64),
    name: chinese(200),
    regionCode: chinese(9),
    agency: { name: chinese(200), creditCode: chinese(18), department: chinese(64) },
    legalBasis: times(20, () => chinese(500)),
    conditions: times(50, () => chinese(500)),
    materials: times(100, () => ({ code: chinese(64), name: chinese(200), licenseTypes: times(10, () => chinese(64)) })),
    fees: times(20, () => ({ name: chinese(200), amountFen: 1n, legalBasis: chinese(500) })),
    workflow: { stages: times(10, () => ({ name: chinese(100), steps: times(10, () => ({ stepId: chinese(64), name: chinese(100), department: chinese(64), regionCode: chinese(9) })) })) },
    result: { licenseType: chinese(64), name: chinese(200) },
    channels: ['CHANNEL_COUNTER', 'CHANNEL_PC', 'CHANNEL_MOBILE', 'CHANNEL_KIOSK', 'CHANNEL_HOTLINE', 'CHANNEL_MAIL'],
  });

describe('the size bounds of a published service item', () => {
  it('let through an item at every bound', () => {
    expect(serviceItemSizes.safeParse(largestItem()).success).toBe(true);
  });

  it('keep the largest item, all in Chinese, under half of the default OW_GRPC_MAX_REQUEST_BYTES', () => {
    const bytes = ServiceItem.encode(largestItem()).finish().length;
    expect(bytes).toBeLessThan(loadConfiguration({}).OW_GRPC_MAX_REQUEST_BYTES / 2);
  });

  it('refuse one more of anything, naming it', () => {
    const item = largestItem();
    item.materials[0]!.licenseTypes.push(chinese(1));
    item.conditions.push(chinese(1));
    item.name += '审';
    const result = serviceItemSizes.safeParse(item);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['conditions', 'materials.0.licenseTypes', 'name']);
  });
});
