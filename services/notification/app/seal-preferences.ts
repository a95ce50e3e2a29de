import type { PersonalDataVault } from '../../platform/privacy/personal-data-vault.ts';
import type { PersonalDataKind } from '../../platform/privacy/sealed-value.ts';
import type { PreferencesState } from '../domain/preferences/preferences-decider.ts';

interface Addresses {
  readonly email: string;
  readonly pushToken: string;
}

/**
 * The addresses an applicant gives for their messages, sealed under their account's key. An
 * address already set keeps its sealed form (sealing twice never gives the same text), so setting
 * the same preferences again still records nothing.
 */
export async function sealAddresses(vault: Pick<PersonalDataVault, 'seal' | 'open'>, subject: string, current: PreferencesState, given: Addresses): Promise<Addresses> {
  const sealed = async (kind: PersonalDataKind, stored: string | undefined, value: string) =>
    stored && (await vault.open(stored)) === value ? stored : vault.seal(subject, kind, value);
  return { email: await sealed('email', current?.email, given.email), pushToken: await sealed('token', current?.pushToken, given.pushToken) };
}
