import { StaffMember } from '../../generated/onewindow/acceptance/v1/directory.ts';
import { PermissionDeniedError } from '../platform/domain/errors.ts';
import type { Projection } from '../platform/projection/projection.ts';
import type { ReadModelDocument, ReadModelReader } from '../platform/readmodel/read-model-store.ts';
import type { Caller, Role } from '../platform/security/caller.ts';
import type { AcceptancePayload } from './topics.ts';

/** The staff posts of acceptance's directory, as every service keeps them to check staff tokens. */
export interface StaffPostDocument extends ReadModelDocument {
  readonly post: StaffMember;
}

export const STAFF_POSTS = 'staff_posts';

/** Each account's current post, from acceptance's DirectoryEntryRecorded events (on its topic). */
export const staffPostsProjection: Projection<AcceptancePayload> = {
  name: 'staff-posts',
  eventTypes: new Set(['directoryEntryRecorded']),
  collections: [{ name: STAFF_POSTS }],
  async apply(event, tx) {
    const record = event.payload.$case === 'directoryEntryRecorded' ? event.payload.value.entry?.entry : undefined;
    if (record?.$case === 'staff') await tx.put<StaffPostDocument>(STAFF_POSTS, { id: record.value.account, post: StaffMember.toJSON(record.value) as StaffMember });
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
