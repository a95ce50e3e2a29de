import { StaffMember } from '../../generated/onewindow/acceptance/v1/directory.ts';
import { PermissionDeniedError } from '../platform/domain/errors.ts';
import type { Projection } from '../platform/projection/projection.ts';
import type { ReadModelDocument, ReadModelReader } from '../platform/readmodel/read-model-store.ts';
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

export const STAFF_POSTS = 'staff_posts';
export const DIRECTORY_NAMES = 'directory_names';
export const departmentNameId = (regionCode: string, code: string) => `department:${regionCode}:${code}`;
export const hallNameId = (hallId: string) => `hall:${hallId}`;

/**
 * What every service knows of acceptance's directory, from its DirectoryEntryRecorded events:
 * each account's current post, and the names of departments (by region and code) and halls.
 */
export const directoryViewProjection: Projection<AcceptancePayload> = {
  name: 'directory-view',
  eventTypes: new Set(['directoryEntryRecorded']),
  collections: [{ name: STAFF_POSTS }, { name: DIRECTORY_NAMES, indexes: [['kind', 'code']] }],
  async apply(event, tx) {
    const record = event.payload.$case === 'directoryEntryRecorded' ? event.payload.value.entry?.entry : undefined;
    if (record?.$case === 'staff') {
      await tx.put<StaffPostDocument>(STAFF_POSTS, { id: record.value.account, post: StaffMember.toJSON(record.value) as StaffMember });
    } else if (record?.$case === 'department') {
      const { regionCode, code, name } = record.value;
      await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: departmentNameId(regionCode, code), kind: 'department', code, regionCode, name });
    } else if (record?.$case === 'hall') {
      const { hallId, regionCode, name } = record.value;
      await tx.put<DirectoryNameDocument>(DIRECTORY_NAMES, { id: hallNameId(hallId), kind: 'hall', code: hallId, regionCode, name });
    }
  },
};

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
