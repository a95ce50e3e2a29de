import { StaffMember } from '../../generated/onewindow/acceptance/v1/directory.ts';
import { PermissionDeniedError } from '../platform/domain/errors.ts';
import type { Projection } from '../platform/projection/projection.ts';
import type { ReadModelDocument, ReadModelReader, ReadModelTransaction } from '../platform/readmodel/read-model-store.ts';
import type { EventEnvelope } from '../platform/events/envelope.ts';
import type { RegionRegistry } from '../platform/regions/region-registry.ts';
import type { Region as KernelRegion } from '../platform/regions/region.ts';
import { Region } from '../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Caller, Role } from '../platform/security/caller.ts';
import type { AcceptancePayload } from './topics.ts';

/** A staff post of acceptance's directory, as every service keeps it to check staff tokens. */
export interface StaffPostDocument extends ReadModelDocument {
  readonly post: StaffMember;
}

/** A department's or hall's name: what statistics and views show instead of its code. */
export interface DirectoryNameDocument extends ReadModelDocument {
  readonly kind: 'department' | 'hall';
  readonly code: string;
  readonly regionCode: string;
  readonly name: string;
}

/** A version of a region an edition recorded: every service routes and rolls up by the division table in force. */
interface RegionVersionDocument extends ReadModelDocument {
  readonly version: number;
  /** The Region as proto JSON. */
  readonly region: unknown;
}

export const STAFF_POSTS = 'staff_posts';
export const REGION_VERSIONS = 'region_versions';
export const DIRECTORY_NAMES = 'directory_names';
export const departmentNameId = (regionCode: string, code: string) => `department:${regionCode}:${code}`;
export const hallNameId = (hallId: string) => `hall:${hallId}`;

/**
 * What every service knows of acceptance's directory, from its DirectoryEntryRecorded events:
 * each account's current post, the names of departments (by region and code) and halls, and the
 * regions editions added, changed or abolished, which it also keeps in the process's `regions`.
 */
export function directoryViewProjection(regions: RegionRegistry): Projection<AcceptancePayload> {
  return {
    name: 'directory-view',
    eventTypes: new Set(['directoryEntryRecorded']),
    collections: [{ name: STAFF_POSTS }, { name: DIRECTORY_NAMES, indexes: [['kind', 'code']] }, { name: REGION_VERSIONS }],
    apply: (event, tx) => applyDirectoryEntry(regions, event, tx),
    prepare: (readModels) => loadRegionVersions(regions, readModels),
    refresh: reloadWhenMoreVersions(regions),
  };
}

async function applyDirectoryEntry(regions: RegionRegistry, event: EventEnvelope<AcceptancePayload>, tx: ReadModelTransaction): Promise<void> {
  const entry = event.payload.$case === 'directoryEntryRecorded' ? event.payload.value.entry : undefined;
  const record = entry?.entry;
  if (record?.$case === 'region') {
    await tx.put<RegionVersionDocument>(REGION_VERSIONS, { id: regionVersionId(record.value.code, entry!.version), version: entry!.version, region: Region.toJSON(record.value) });
    regions.record(record.value as KernelRegion, entry!.version);
  } else if (record?.$case === 'staff') {
    await tx.put<StaffPostDocument>(STAFF_POSTS, { id: record.value.account, post: StaffMember.toJSON(record.value) as StaffMember });
  } else if (record?.$case === 'department') {
    const { regionCode, code, name } = record.value;
    await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: departmentNameId(regionCode, code), kind: 'department', code, regionCode, name });
  } else if (record?.$case === 'hall') {
    const { hallId, regionCode, name } = record.value;
    await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: hallNameId(hallId), kind: 'hall', code: hallId, regionCode, name });
  }
}

/** Versions sort by code, then by number (at most a version a year). */
const regionVersionId = (code: string, version: number) => `${code}:${String(version).padStart(6, '0')}`;

/** Gives the process's regions the stored versions it does not have yet: at start, and a replica's refresh. */
async function loadRegionVersions(regions: RegionRegistry, readModels: ReadModelReader): Promise<void> {
  for (const document of await readModels.find<RegionVersionDocument>(REGION_VERSIONS, { orderBy: [['id', 'asc']] })) {
    regions.record(Region.fromJSON(document.region) as KernelRegion, document.version);
  }
}

/** A replica's refresh: versions are only added, so they are read again only when there are more of them. */
function reloadWhenMoreVersions(regions: RegionRegistry): (readModels: ReadModelReader) => Promise<void> {
  let seen = 0;
  return async (readModels) => {
    const stored = await readModels.count(REGION_VERSIONS);
    if (stored === seen) return;
    await loadRegionVersions(regions, readModels);
    seen = stored;
  };
}

const STAFF_ROLES: ReadonlySet<Role> = new Set(['ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR']);

/**
 * A staff token's claims checked against the account's post in the directory: refused when the
 * person has left the post, when the token names a role the post does not have, or a region,
 * department, hall or window other than the post's. An account without a post passes unless
 * `mustBeListed` (OW_STAFF_MUST_BE_LISTED), except operators, who set up the directory itself.
 * The refusals name the claim, never the account.
 */
export function staffPostCheck(readModels: ReadModelReader, mustBeListed: boolean): (caller: Caller) => Promise<void> {
  return async (caller) => {
    const roles = caller.roles.filter((role) => STAFF_ROLES.has(role));
    if (roles.length === 0) return;
    const found = await readModels.get<StaffPostDocument>(STAFF_POSTS, caller.subject);
    if (!found) {
      if (mustBeListed && roles.some((role) => role !== 'ROLE_OPERATOR')) throw new PermissionDeniedError('the account has no staff post in the directory');
      return;
    }
    const post = StaffMember.fromJSON(found.post);
    if (post.departed) throw new PermissionDeniedError('the account has left its post (离岗) in the directory');
    if (roles.some((role) => !post.roles.includes(role))) throw new PermissionDeniedError("the token's roles are not those of the account's post in the directory");
    const claims = [
      ['region', caller.regionCode, post.regionCode],
      ['department', caller.department, post.department],
      ['hall', caller.hallId, post.hallId],
      ['window', caller.windowId, post.windowId],
    ] as const;
    for (const [claim, token, listed] of claims) {
      if (token !== listed) throw new PermissionDeniedError(`the token's claim "${claim}" is not that of the account's post in the directory`);
    }
  };
}
