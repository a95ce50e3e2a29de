/**
 * Masking of personal data (PIPL; GB/T 35273): what remains identifies nobody but still lets a
 * person recognise their own record ("1101**********002X", "138****0000", "张*").
 */

import { isSealed } from './sealed-value.ts';

/**
 * Citizen ID numbers standing alone in free text: 18 characters (GB 11643-1999) or the 15 digits of
 * first-generation cards; mobile numbers with or without the +86 / 0086 country code.
 */
const ID_NUMBER_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9])(?:(?:\+|00)?86[- ]?)?1[3-9]\d{9}(?![0-9])/g;
/** E-mail addresses in free text (a gateway's or relay's error quoting the mailbox it refused).
 * The domain needs a dot and letters, so inbox ids like "department:SCJGJ@350102" stay readable. */
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Keeps the surname (the first character), as Chinese public notices do. */
export function maskName(name: string): string {
  const characters = [...name];
  if (characters.length <= 1) return '*';
  return `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}

const maskEmail = (email: string) => `${email[0]}***${email.slice(email.indexOf('@'))}`;

/**
 * Masks a delivery address: a phone number, an e-mail address or an app's push token. Inbox ids
 * ("department:SCJGJ@350102", "staff:approver-1") name no person and stay as they are.
 */
export function maskAddress(address: string): string {
  if (isSealed(address)) return address;
  if (/^\+?\d{7,15}$/.test(address)) return maskPhone(address);
  if (/^(department|staff|hall):/.test(address)) return address;
  if (address.indexOf('@') > 0) return maskEmail(address);
  // A push token: its first characters let support tell devices apart, the rest is hidden.
  return address.length <= 4 ? '*'.repeat(address.length) : `${address.slice(0, 4)}***`;
}

/** Masks ID numbers, mobile numbers and e-mail addresses wherever they appear in a text. */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, maskEmail)
    .replace(ID_NUMBER_IN_TEXT, (whole) => maskIdNumber(whole))
    .replace(MOBILE_IN_TEXT, (whole) => `${whole.slice(0, -11)}${maskPhone(whole.slice(-11))}`);
}

/** Field names that hold personal data, in both proto (snake_case) and TypeScript (camelCase) form. */
const MASKERS: Readonly<Record<string, (value: string) => string>> = {
  idNumber: maskIdNumber,
  id_number: maskIdNumber,
  phone: maskPhone,
  applicantPhone: maskPhone,
  applicant_phone: maskPhone,
  address: maskAddress,
};

/**
 * Objects that describe a person or an organisation: a `name` inside one is personal; elsewhere a
 * name is an item's, a stage's or a document's, and stays as it is.
 */
const PERSONAL_OBJECTS = new Set(['applicant', 'collector', 'holder', 'person', 'organization']);

/**
 * A deep copy with personal fields masked by name and ID or mobile numbers masked in every other
 * string. For logs, traces and outputs to readers who may not see personal data.
 */
export function maskPersonalData<T>(value: T): T {
  return maskValue(value, undefined, false) as T;
}

function maskValue(value: unknown, key: string | undefined, personal: boolean): unknown {
  if (typeof value === 'string') {
    // Sealed values are ciphertext: nothing to mask; outputs reveal them (masked) at the edge.
    if (isSealed(value)) return value;
    const masker = key === 'name' && personal ? maskName : key !== undefined && Object.hasOwn(MASKERS, key) ? MASKERS[key] : undefined;
    return masker ? masker(value) : maskPersonalDataInText(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key, personal));
  if (value instanceof Error) return { type: value.name, message: maskPersonalDataInText(value.message), stack: maskPersonalDataInText(value.stack ?? '') };
  if (value !== null && typeof value === 'object') {
    // A proto oneof in TypeScript form: { $case: 'person', value: { name, idNumber } }.
    const oneOfPerson = '$case' in value && PERSONAL_OBJECTS.has(String(value.$case));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskValue(v, k, personal || PERSONAL_OBJECTS.has(k) || (oneOfPerson && k === 'value'))]),
    );
  }
  return value;
}
