import type { Payload } from '../events/event-codec.ts';
import type { ProjectionRunner } from '../projection/projection-runner.ts';
import type { Caller, IdentityResolver } from '../security/caller.ts';

/**
 * What a service checks of a caller beyond its verified token (the host gives every service the
 * directory's staff posts), and the view the check reads, which the service keeps like its own
 * read models.
 */
export interface CallerCheck {
  readonly view: ProjectionRunner<Payload>;
  /** Throws (PermissionDeniedError) to refuse the call. */
  check(caller: Caller): Promise<void>;
}

/** The identity a server resolves callers with: the token's, then the check. */
export function checkedIdentity(identity: IdentityResolver, callerCheck: CallerCheck | undefined): IdentityResolver {
  if (!callerCheck) return identity;
  return {
    async resolve(authorization) {
      const caller = await identity.resolve(authorization);
      await callerCheck.check(caller);
      return caller;
    },
  };
}
