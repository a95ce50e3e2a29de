import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { type PersonalDataVaultOptions, PersonalDataVault } from './personal-data-vault.ts';
import { revealPersonalData } from './reveal-personal-data.ts';
import { ERASED, UNREADABLE, parseSealed } from './sealed-value.ts';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store.ts';

const ID_NUMBER = '11010519491231002X';
const PHONE = '13800138000';

function vaultWith(options: Partial<PersonalDataVaultOptions> = {}) {
  const keys = options.keys ?? new SqliteSubjectKeyStore(':memory:');
  return new PersonalDataVault({ keys, masterKey: Buffer.alloc(32, 7), cipher: 'aes-256-gcm', clock: new ManualClock(new Date('2026-11-22T02:00:00Z')), cacheMs: 60_000, ...options });
}

describe('PersonalDataVault', () => {
  for (const cipher of ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const) {
    it(`given a value sealed with ${cipher}, when opened, then it reads as the plaintext and the sealed form shows none of it`, async () => {
      const vault = vaultWith({ cipher });
      const sealed = await vault.seal('holder:h1', 'id', ID_NUMBER);
      expect(sealed).not.toContain(ID_NUMBER);
      expect(parseSealed(sealed)).toMatchObject({ kind: 'id', cipher });
      expect(await vault.open(sealed)).toBe(ID_NUMBER);
    });

    it(`given a ${cipher} value with one byte altered or another kind claimed, when opened, then it reads as unreadable`, async () => {
      const vault = vaultWith({ cipher });
      const sealed = await vault.seal('holder:h1', 'phone', PHONE);
      const bytes = parseSealed(sealed).payload;
      bytes[bytes.length - 20]! ^= 1;
      const altered = sealed.replace(/[^.]+$/, bytes.toString('base64url'));
      expect(await vault.open(altered)).toBe(UNREADABLE);
      expect(await vault.open(sealed.replace('.phone.', '.name.'))).toBe(UNREADABLE);
    });
  }

  it('given two values of one subject, they share its key; another subject has its own', async () => {
    const vault = vaultWith();
    const [a, b, c] = [await vault.seal('holder:h1', 'id', ID_NUMBER), await vault.seal('holder:h1', 'phone', PHONE), await vault.seal('holder:h2', 'phone', PHONE)];
    expect(parseSealed(a).keyId).toBe(parseSealed(b).keyId);
    expect(parseSealed(c).keyId).not.toBe(parseSealed(a).keyId);
    expect(a).not.toBe(await vault.seal('holder:h1', 'id', ID_NUMBER));
  });

  it('given a subject erased, then their values read as erased, other subjects\' still open, and a new value gets a new key', async () => {
    const keys = new SqliteSubjectKeyStore(':memory:');
    const vault = vaultWith({ keys });
    const erasedPhone = await vault.seal('holder:gone', 'phone', PHONE);
    const keptPhone = await vault.seal('holder:kept', 'phone', PHONE);
    expect(await vault.erase('holder:gone')).toBe(1);
    expect(await vault.open(erasedPhone)).toBe(ERASED);
    expect(await vault.open(keptPhone)).toBe(PHONE);
    // Another process's vault, whose cache held the key, reads from the store once its cache expires.
    expect(await vaultWith({ keys, cacheMs: 0 }).open(erasedPhone)).toBe(ERASED);
    const again = await vault.seal('holder:gone', 'phone', PHONE);
    expect(parseSealed(again).keyId).not.toBe(parseSealed(erasedPhone).keyId);
    expect(await vault.open(again)).toBe(PHONE);
  });

  it('given a key store without the value\'s key, then it reads as unreadable, not as erased', async () => {
    const sealed = await vaultWith().seal('holder:h1', 'name', '张三');
    expect(await vaultWith().open(sealed)).toBe(UNREADABLE);
  });

  it('given a value sealed already, or text that only begins like one, then it is not sealed again and the text stays text', async () => {
    const vault = vaultWith();
    const sealed = await vault.seal('holder:h1', 'phone', PHONE);
    await expect(vault.seal('holder:h2', 'phone', sealed)).rejects.toThrow('sealed already');
    expect(await vault.open('pii1. 13800138000')).toBe('pii1. 13800138000');
  });

  it('given the key store out of reach, then sealing and opening fail as unavailable (retryable), not as a fault', async () => {
    const keys = new SqliteSubjectKeyStore(':memory:');
    const vault = vaultWith({ keys, cacheMs: 0 });
    const sealed = await vault.seal('holder:h1', 'phone', PHONE);
    await keys.close();
    await expect(vault.open(sealed)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(vault.seal('holder:h1', 'phone', PHONE)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('given a subject erased by another process, then this one seals new values under a new key at once', async () => {
    const keys = new SqliteSubjectKeyStore(':memory:');
    const here = vaultWith({ keys });
    const before = await here.seal('holder:h1', 'phone', PHONE);
    await vaultWith({ keys }).erase('holder:h1');
    const after = await here.seal('holder:h1', 'phone', PHONE);
    expect(parseSealed(after).keyId).not.toBe(parseSealed(before).keyId);
    expect(await vaultWith({ keys }).open(after)).toBe(PHONE);
  });

  it('given another master key, then stored subject keys do not unwrap', async () => {
    const keys = new SqliteSubjectKeyStore(':memory:');
    const sealed = await vaultWith({ keys }).seal('holder:h1', 'name', '张三');
    await expect(vaultWith({ keys, masterKey: Buffer.alloc(32, 8) }).open(sealed)).rejects.toThrow();
  });
});

describe('revealPersonalData', () => {
  it('given a response with sealed values, then the plain view shows them, the masked view masks each by its kind, and other strings stay', async () => {
    const vault = vaultWith();
    const response = {
      case: { applicant: { person: { name: await vault.seal('holder:h1', 'name', '张三丰'), idNumber: await vault.seal('holder:h1', 'id', ID_NUMBER) }, phone: await vault.seal('holder:h1', 'phone', PHONE) }, itemName: '食品经营许可' },
      entries: [{ data: { address: await vault.seal('holder:h1', 'email', 'zhang@example.cn') } }],
      count: 2n,
      bytes: new Uint8Array([1, 2]),
    };
    expect(await revealPersonalData(vault, response, 'plain')).toEqual({
      ...response,
      case: { applicant: { person: { name: '张三丰', idNumber: ID_NUMBER }, phone: PHONE }, itemName: '食品经营许可' },
      entries: [{ data: { address: 'zhang@example.cn' } }],
    });
    expect(await revealPersonalData(vault, response, 'masked')).toEqual({
      ...response,
      case: { applicant: { person: { name: '张**', idNumber: '1101**********002X' }, phone: '138****8000' }, itemName: '食品经营许可' },
      entries: [{ data: { address: 'z***@example.cn' } }],
    });
  });

  it('given nothing sealed, then the response itself comes back', async () => {
    const response = { name: 'x', list: [1, 2] };
    expect(await revealPersonalData(vaultWith(), response, 'masked')).toBe(response);
  });
});
