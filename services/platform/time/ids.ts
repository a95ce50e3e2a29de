import { randomUUID } from 'node:crypto';

/** The source of new ids (event ids, task ids, notification ids). Injected for deterministic tests. */
export interface IdGenerator {
  newId(): string;
}

export const randomIds: IdGenerator = { newId: () => randomUUID() };

/** Ids "<prefix>-1", "<prefix>-2", ...; for tests. */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let next = 0;
  return { newId: () => `${prefix}-${++next}` };
}
