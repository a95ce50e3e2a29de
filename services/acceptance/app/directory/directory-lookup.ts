import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Hall } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import type { ItemLookups } from '../../domain/catalog/item-validation.ts';
import type { CommandHandler } from '../../../platform/app/command-handler.ts';
import type { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import { type DirectoryRecord, departmentStreamId, hallStreamId, windowStreamId } from '../../domain/directory/directory-entry.ts';
import type { DirectoryEntryEvent, DirectoryEntryState, RecordDirectoryEntry } from '../../domain/directory/directory-entry-decider.ts';
import type { DirectoryLookups } from '../../domain/directory/directory-validation.ts';
import { regionLookups } from '../regions/region-lookups.ts';

export type DirectoryCommands = CommandHandler<RecordDirectoryEntry, DirectoryEntryEvent, DirectoryEntryState>;

/** The good rows of an import so far, by what later rows name: departments, halls, windows. */
export class DirectoryRowIndex {
  readonly #departments = new Set<string>();
  readonly #halls = new Map<string, Hall>();
  readonly #windows = new Set<string>();

  add(record: DirectoryRecord): void {
    if (record.$case === 'department') this.#departments.add(`${record.value.regionCode}:${record.value.code}`);
    if (record.$case === 'hall') this.#halls.set(record.value.hallId, record.value);
    if (record.$case === 'window') this.#windows.add(`${record.value.hallId}:${record.value.windowId}`);
  }

  department(regionCode: string, code: string): boolean {
    return this.#departments.has(`${regionCode}:${code}`);
  }

  hall(hallId: string): Hall | undefined {
    return this.#halls.get(hallId);
  }

  window(hallId: string, windowId: string): boolean {
    return this.#windows.has(`${hallId}:${windowId}`);
  }
}

/**
 * What deciding on `record` needs of the directory, read from the streams it names (always
 * current, as the catalog's lookup reads items) and from `inFile`, the good rows of the same
 * import before it: the decider's lookups are plain functions over what was read here.
 */
export async function directoryLookups(directory: DirectoryCommands, regions: RegionRegistry, record: DirectoryRecord, inFile = new DirectoryRowIndex()): Promise<DirectoryLookups> {
  const current = async (streamId: string) => (await directory.load(streamId)).state.versions.at(-1)?.entry;
  const departments = new Set<string>();
  const halls = new Map<string, Hall>();
  const windows = new Set<string>();
  const readDepartment = async (regionCode: string, code: string) => {
    if (inFile.department(regionCode, code) || (await current(departmentStreamId(regionCode, code)))) departments.add(`${regionCode}:${code}`);
  };
  const readHall = async (hallId: string) => {
    const recorded = inFile.hall(hallId) ? undefined : await current(hallStreamId(hallId));
    const hall = inFile.hall(hallId) ?? (recorded?.$case === 'hall' ? recorded.value : undefined);
    if (hall) halls.set(hallId, hall);
    return hall;
  };
  if (record.$case === 'window') {
    const hall = await readHall(record.value.hallId);
    for (const code of hall ? record.value.departments : []) await readDepartment(hall!.regionCode, code);
  }
  if (record.$case === 'staff') {
    const { regionCode, department, hallId, windowId } = record.value;
    if (department) await readDepartment(regionCode, department);
    if (hallId) await readHall(hallId);
    if (hallId && windowId && (inFile.window(hallId, windowId) || (await current(windowStreamId(hallId, windowId))))) windows.add(`${hallId}:${windowId}`);
  }
  return {
    ...regionLookups(regions),
    knownDepartment: (regionCode, code) => departments.has(`${regionCode}:${code}`),
    hall: (hallId) => halls.get(hallId),
    knownWindow: (hallId, windowId) => windows.has(`${hallId}:${windowId}`),
  };
}

/**
 * What checking an item needs: the regions, and whether each department it names (its agency's,
 * its steps') is in the directory at the region it is named for or a region above it.
 */
export async function itemLookups(directory: DirectoryCommands, regions: RegionRegistry, item: Pick<ServiceItem, 'regionCode' | 'agency' | 'workflow'>): Promise<ItemLookups> {
  const asked = [
    [item.regionCode, item.agency?.department ?? ''],
    ...(item.workflow?.stages ?? []).flatMap((stage) => stage.steps.map((step) => [step.regionCode || item.regionCode, step.department])),
  ] as const;
  const known = new Set<string>();
  for (const [regionCode, code] of asked) {
    if (!code || known.has(`${regionCode}:${code}`)) continue;
    for (const region of regions.lineage(regionCode)) {
      if ((await directory.load(departmentStreamId(region.code, code))).state.versions.length > 0) {
        known.add(`${regionCode}:${code}`);
        break;
      }
    }
  }
  return { knownRegion: (code) => regions.inForce(code), knownDepartment: (regionCode, code) => known.has(`${regionCode}:${code}`) };
}
