import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { EventContext } from '../../platform/events/envelope.ts';
import { systemContext } from '../../platform/app/causation.ts';
import type { Payload } from '../../platform/events/event-codec.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { BUNDLE_DEFINITION_STREAM_TYPE, bundleDefinitionStreamId } from '../domain/catalog/bundle-definition-decider.ts';
import { SERVICE_ITEM_STREAM_TYPE, serviceItemStreamId } from '../domain/catalog/service-item-decider.ts';
import { bundleSeed, catalogSeed, startupItems } from '../seed/catalog-seed.ts';
import type { BundleDefinitionCommands, ItemCommands } from './catalog-lookup.ts';

const seedContext = (regionCode: string): EventContext => systemContext('acceptance', { correlationId: '', regionCode, request: 'seed-catalog' });

/**
 * Publishes the seed catalog on the first start of an embedded installation. Each entry carries
 * the idempotency key "seed:<code>", so later starts publish nothing and never bump versions.
 * Returns how many entries were published now.
 */
export async function seedCatalog(items: ItemCommands, bundles: BundleDefinitionCommands, knownRegion: (code: string) => boolean, clock: Clock): Promise<number> {
  let published = 0;
  const publish = async <C, P extends Payload, S>(handler: CommandHandler<C, P, S>, streamId: string, streamType: string, regionCode: string, key: string, command: C) => {
    const now = clock.now();
    const result = await handler.handle({ streamId, streamType, command, context: seedContext(regionCode), now, idempotencyKey: `seed:${key}` });
    if (!result.replayed) published += 1;
  };
  for (const item of [...catalogSeed, ...startupItems]) {
    await publish(items, serviceItemStreamId(item.itemCode), SERVICE_ITEM_STREAM_TYPE, item.regionCode, item.itemCode, { type: 'PublishServiceItem', item, knownRegion });
  }
  const seeded = new Set(startupItems.map((item) => item.itemCode));
  for (const bundle of bundleSeed) {
    await publish(bundles, bundleDefinitionStreamId(bundle.bundleCode), BUNDLE_DEFINITION_STREAM_TYPE, bundle.regionCode, `bundle:${bundle.bundleCode}`, {
      type: 'PublishBundle',
      bundle,
      knownRegion,
      offeredItem: (code: string) => seeded.has(code),
    });
  }
  return published;
}
