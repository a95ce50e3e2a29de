import { createHmac } from 'node:crypto';
import type { Applicant } from '../../../generated/onewindow/acceptance/v1/case.ts';

/**
 * The holder id (一号) of an applicant: a keyed hash (HMAC-SHA-256) of the ID number or credit
 * code. It links an applicant's cases, materials and licenses without the number itself appearing
 * in stream names, indexes or events' keys; without the key nobody can test guesses against it.
 */
export type HolderIds = (applicant: Applicant) => string;

export function holderIds(key: Buffer): HolderIds {
  if (key.length < 32) throw new Error('the holder key must have at least 32 bytes');
  return (applicant) => {
    const kind = applicant.kind;
    if (!kind) throw new Error('an applicant without a person or organization has no holder id');
    const identity = kind.$case === 'person' ? `person:${kind.value.idNumber}` : `organization:${kind.value.creditCode}`;
    return createHmac('sha256', key).update(identity).digest('base64url').slice(0, 32);
  };
}
