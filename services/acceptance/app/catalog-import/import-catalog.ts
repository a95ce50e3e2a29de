import type { ImportOptions, ImportProgress, ImportReport } from '../../../../generated/onewindow/common/v1/import.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { type FileRow, type ImportRules, importRows } from '../../../platform/app/file-import.ts';
import { bundleDefinitionStreamId } from '../../domain/catalog/bundle-definition-decider.ts';
import { bundleViolations, itemViolations } from '../../domain/catalog/item-validation.ts';
import { sameBundle, sameItem } from '../../domain/catalog/same-definition.ts';
import { serviceItemStreamId } from '../../domain/catalog/service-item-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { publishBundle } from '../commands/publish-bundle.ts';
import { publishServiceItem } from '../commands/publish-service-item.ts';
import { itemLookups } from '../directory/directory-lookup.ts';
import type { CatalogRecord } from './catalog-record.ts';

/**
 * An operator imports a catalog file's items and 一件事 bundles (read by grpc/catalog-file/), as
 * platform/app/file-import.ts imports any file: each row checked as PublishServiceItem and
 * PublishBundle check it (a bundle may join a good item row of the same file), compared with its
 * stream by the deciders' own rule (same-definition.ts), recorded through those use cases.
 */
export function importCatalog(
  app: AcceptanceApp,
  options: ImportOptions,
  rows: readonly FileRow<CatalogRecord>[],
  caller: CallContext,
  progress: (update: ImportProgress) => void,
): Promise<ImportReport> {
  return importRows(options, rows, catalogRules(app, caller), caller.signal, progress);
}

function catalogRules(app: AcceptanceApp, caller: CallContext): ImportRules<CatalogRecord> {
  const knownRegion = (code: string) => app.regions.inForce(code);
  const inFile = new Set<string>();
  return {
    order: (record) => (record.kind === 'item' ? 0 : 1),
    code: (record) => (record.kind === 'item' ? { code: record.item.itemCode, field: 'item_code' } : { code: record.bundle.bundleCode, field: 'bundle_code' }),
    async violations(record) {
      if (record.kind === 'item') return itemViolations(record.item, await itemLookups(app.directory, app.regions, record.item), '');
      const offered = new Set<string>();
      for (const code of record.bundle.memberItemCodes) {
        if (inFile.has(code) || (await app.catalog.offeredItem(code).then(() => true, () => false))) offered.add(code);
      }
      return bundleViolations(record.bundle, knownRegion, (code) => offered.has(code), '');
    },
    accepted(record) {
      if (record.kind === 'item') inFile.add(record.item.itemCode);
    },
    async current(record) {
      if (record.kind === 'item') {
        const { state } = await app.items.load(serviceItemStreamId(record.item.itemCode));
        return { versions: state.versions.length, unchanged: !state.retired && sameItem(record.item, state.versions.at(-1)) };
      }
      const { state } = await app.bundleDefinitions.load(bundleDefinitionStreamId(record.bundle.bundleCode));
      return { versions: state.versions.length, unchanged: sameBundle(record.bundle, state.versions.at(-1)) };
    },
    async record(record, requestId) {
      const published =
        record.kind === 'item'
          ? await publishServiceItem(app, { requestId, item: { ...record.item, version: 0 } }, caller)
          : await publishBundle(app, { requestId, bundle: { ...record.bundle, version: 0 } }, caller);
      return published.consistencyToken;
    },
  };
}
