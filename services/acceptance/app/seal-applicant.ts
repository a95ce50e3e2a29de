import type { Applicant } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { PersonalDataVault } from '../../platform/privacy/personal-data-vault.ts';

/**
 * The applicant as stored: a person's name and ID number and the contact phone sealed under the
 * holder's key. An organisation's name and credit code are public register data and stay readable.
 */
export async function sealApplicant(vault: Pick<PersonalDataVault, 'seal'>, subject: string, applicant: Applicant): Promise<Applicant> {
  const phone = await vault.seal(subject, 'phone', applicant.phone);
  const kind = applicant.kind;
  if (kind?.$case !== 'person') return { ...applicant, phone };
  const person = { name: await vault.seal(subject, 'name', kind.value.name), idNumber: await vault.seal(subject, 'id', kind.value.idNumber) };
  return { kind: { $case: 'person', value: person }, phone };
}
