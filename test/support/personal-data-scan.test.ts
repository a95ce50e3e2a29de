import { describe, expect, it } from 'vitest';
import { unmaskedPersonalData } from './personal-data-scan.ts';

describe('the personal-data scan', () => {
  it('finds ID numbers, mobiles and e-mail addresses standing in the clear', () => {
    const text = '{"id":"11010519491231002X","phone":"13800138000","to":"zhang@example.cn"}';
    expect(unmaskedPersonalData(text)).toEqual(['11010519491231002X', '13800138000', 'zhang@example.cn']);
  });

  it('passes masked values', () => {
    expect(unmaskedPersonalData('{"id":"1101**********002X","phone":"138****8000","to":"z***@example.cn"}')).toEqual([]);
  });

  it('passes digit runs that chance writes into ids, hashes and ciphertext', () => {
    // A UUID from a CI run whose last group held 11 such digits, and one made up the same way.
    const ids = ['ad945fb5-0689-4a73-8455-14314321369c', 'e0c2d7aa-31f4-4c1b-9d0e-a15271672968'];
    const hash = 'sm3:9f0e15271672968aa4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3';
    const sealed = 'pii1.phone.aes-256-gcm.k1.AbC13800138000xyz_-';
    expect(unmaskedPersonalData(JSON.stringify({ ids, hash, sealed }))).toEqual([]);
  });

  it('still finds a mobile written beside a UUID', () => {
    expect(unmaskedPersonalData('ad945fb5-0689-4a73-8455-0a1b2c3d4e5f 15271672968')).toEqual(['15271672968']);
  });
});
