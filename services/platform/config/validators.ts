import { isIP } from 'node:net';
import { makeValidator } from 'envalid';

/**
 * envalid validators for settings, shared by the platform's and the services' specs. Each error
 * message states the rule ("must ..."), never the value, which may be a secret.
 */

/** An integer within bounds; envalid's `num` would accept "2.5" or "1e9" for a count or a timeout. */
export const int = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = Number(input);
    if (!/^-?\d+$/.test(input.trim()) || value < min || value > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  });

/** A TCP port; 0 asks the operating system for a free one (tests run many platforms side by side). */
export const port = int(0, 65_535);

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
export const host = makeValidator<string>((input) => {
  if (isIP(input) === 0 && !HOSTNAME.test(input)) throw new Error('must be an IP address or a host name');
  return input;
});

/** At least 32 bytes, base64: a key that cannot be guessed. */
export const secretKey = makeValidator<string>((input) => {
  if (input !== '' && Buffer.from(input, 'base64').length < 32) throw new Error('must be empty or at least 32 bytes in base64');
  return input;
});

/** Empty, or a URL whose scheme is one of `schemes`; `rule` says which. */
export const urlOf = (schemes: readonly string[], rule: string) =>
  makeValidator<string>((input) => {
    if (input !== '' && !schemes.includes(URL.parse(input)?.protocol.slice(0, -1) ?? '')) throw new Error(rule);
    return input;
  });

/** A value a check relies on: empty would switch the check off. */
export const nonEmpty = makeValidator<string>((input) => {
  if (input.trim() === '') throw new Error('must not be empty');
  return input;
});

/** A value checked by a parser of its own, which throws "must ..." on a bad one. */
export const parsedBy = (parse: (input: string) => unknown) => makeValidator<string>((input) => (parse(input), input));
