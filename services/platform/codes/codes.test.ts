import { describe, expect, it } from 'vitest';
import { isValidCitizenId } from './citizen-id.ts';
import { isValidCreditCode, isValidOrganisationCode } from './credit-code.ts';
import { isRegionCode, isWithin, regionLevel, subtreePrefix } from './region-code.ts';

describe('GB 11643 citizen ID numbers', () => {
  it('accepts the standard samples', () => {
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
    expect(isValidCitizenId('34052419800101001X')).toBe(true);
  });
  it('rejects a wrong check character, an impossible birth date, a lower-case x and a wrong length', () => {
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(isValidCitizenId('110105194902300026')).toBe(false);
    expect(isValidCitizenId('11010519491231002x')).toBe(false);
    expect(isValidCitizenId('11010519491231002')).toBe(false);
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts the standard samples', () => {
    for (const code of ['91350100M000100Y43', '12441500196720244T', '11100000000013338W']) {
      expect(isValidCreditCode(code)).toBe(true);
    }
  });
  it('rejects a wrong check character, forbidden letters and a broken inner organisation code', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M0001O0Y43')).toBe(false);
    // The outer check alone is not enough: characters 9-17 must pass GB 11714 too.
    expect(isValidOrganisationCode('M000100Y4')).toBe(true);
    expect(isValidOrganisationCode('M000100Y5')).toBe(false);
  });
});

describe('region codes', () => {
  it('knows levels and subtrees', () => {
    expect(isRegionCode('350102001')).toBe(true);
    expect(isRegionCode('35010')).toBe(false);
    expect([regionLevel('350000'), regionLevel('350100'), regionLevel('350102'), regionLevel('350102001')]).toEqual([2, 3, 4, 5]);
    expect(subtreePrefix('350100')).toBe('3501');
    expect(isWithin('350102001', '350000')).toBe(true);
    expect(isWithin('350102001', '350102')).toBe(true);
    expect(isWithin('440106', '350000')).toBe(false);
  });
});
