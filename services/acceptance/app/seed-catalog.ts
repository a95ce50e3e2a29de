import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { noTrace } from '../../platform/events/envelope.ts';
import type { Clock } from '../../platform/time/clock.ts';
import {
  type PublishServiceItem,
  SERVICE_ITEM_STREAM_TYPE,
  type ServiceItemEvent,
  type ServiceItemState,
  serviceItemStreamId,
} from '../domain/catalog/service-item-decider.ts';
import { catalogSeed } from '../seed/catalog-seed.ts';

export type ItemCommands = CommandHandler<PublishServiceItem, ServiceItemEvent, ServiceItemState>;

/**
 * Publishes the seed catalog on the first start of an embedded installation. Each item carries the
 * idempotency key "seed:<item code>", so later starts publish nothing and never bump versions.
 * Returns how many items were published now.
 */
export async function seedCatalog(items: ItemCommands, clock: Clock): Promise<number> {
  let published = 0;
  for (const item of catalogSeed) {
    const now = clock.now();
    const result = await items.handle({
      streamId: serviceItemStreamId(item.itemCode),
      streamType: SERVICE_ITEM_STREAM_TYPE,
      command: { type: 'PublishServiceItem', item },
      context: {
        actor: { subject: 'system:acceptance', role: 'ROLE_SYSTEM', channel: 'CHANNEL_UNSPECIFIED', hallId: '', windowId: '', department: '', regionCode: item.regionCode },
        correlationId: '',
        causationId: 'seed-catalog',
        regionCode: item.regionCode,
        traceContext: noTrace,
      },
      now,
      idempotencyKey: `seed:${item.itemCode}`,
    });
    if (!result.replayed) published += 1;
  }
  return published;
}
