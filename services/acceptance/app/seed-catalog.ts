import type { CommandHandler } from '../../platform/app/command-handler.ts';
import type { EventContext } from '../../platform/events/envelope.ts';
import { systemContext } from '../../platform/app/causation.ts';
import type { Payload } from '../../platform/events/event-codec.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { BUNDLE_DEFINITION_STREAM_TYPE, bundleDefinitionStreamId } from '../domain/catalog/bundle-definition-decider.ts';
import { SERVICE_ITEM_STREAM_TYPE, serviceItemStreamId } from '../domain/catalog/service-item-decider.ts';
import { DIRECTORY_STREAM_TYPE, directoryStreamId } from '../domain/directory/directory-entry.ts';
import { bundleSeed, catalogSeed, startupItems } from '../seed/catalog-seed.ts';
import { departmentSeed } from '../seed/directory-seed.ts';
import type { BundleDefinitionCommands, ItemCommands } from './catalog-lookup.ts';
import { type DirectoryCommands, directoryLookups, itemLookups } from './directory/directory-lookup.ts';

const seedContext = (regionCode: string): EventContext => systemContext('acceptance', { correlationId: '', regionCode, request: 'seed-catalog' });

export interface SeedTargets {
  readonly items: ItemCommands;
  readonly bundles: BundleDefinitionCommands;
  readonly directory: DirectoryCommands;
  readonly regions: RegionRegistry;
  readonly clock: Clock;
}

/**
 * Records the seed directory's departments, then publishes the seed catalog, on the first start of
 * an installation. Each entry carries the idempotency key "seed:<code>", so later starts publish
 * nothing and never bump versions (and an installation from before the directory gets its
 * departments on its next start). Returns how many entries were recorded now.
 */
export async function seedCatalog({ items, bundles, directory, regions, clock }: SeedTargets): Promise<number> {
  let published = 0;
  const publish = async <C, P extends Payload, S>(handler: CommandHandler<C, P, S>, streamId: string, streamType: string, regionCode: string, key: string, command: C) => {
    const now = clock.now();
    const result = await handler.handle({ streamId, streamType, command, context: seedContext(regionCode), now, idempotencyKey: `seed:${key}` });
    if (!result.replayed) published += 1;
  };
  for (const department of departmentSeed) {
    const record = { $case: 'department' as const, value: department };
    const known = await directoryLookups(directory, regions, record);
    await publish(directory, directoryStreamId(record), DIRECTORY_STREAM_TYPE, department.regionCode, `department:${department.regionCode}:${department.code}`, { type: 'RecordDirectoryEntry', record, known });
  }
  for (const item of [...catalogSeed, ...startupItems]) {
    const known = await itemLookups(directory, regions, item);
    await publish(items, serviceItemStreamId(item.itemCode), SERVICE_ITEM_STREAM_TYPE, item.regionCode, item.itemCode, { type: 'PublishServiceItem', item, known });
  }
  const seeded = new Set(startupItems.map((item) => item.itemCode));
  for (const bundle of bundleSeed) {
    await publish(bundles, bundleDefinitionStreamId(bundle.bundleCode), BUNDLE_DEFINITION_STREAM_TYPE, bundle.regionCode, `bundle:${bundle.bundleCode}`, {
      type: 'PublishBundle',
      bundle,
      knownRegion: (code: string) => regions.inForce(code),
      offeredItem: (code: string) => seeded.has(code),
    });
  }
  return published;
}
