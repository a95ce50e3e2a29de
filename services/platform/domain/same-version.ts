import { isDeepStrictEqual } from 'node:util';

/**
 * Whether a draft says what a recorded version says, its version number aside: publishing or
 * importing it again then records nothing. Both are put in the message's full form first (ts-proto's
 * fromPartial), so a field left out and a field set to its default compare equal, as they travel
 * on the wire.
 */
export function sameVersion<M extends { version: number }>(message: { fromPartial(partial: object): M }, draft: object, recorded: M | undefined): boolean {
  return recorded !== undefined && isDeepStrictEqual(message.fromPartial({ ...draft, version: 0 }), message.fromPartial({ ...recorded, version: 0 }));
}
