import { describe, expect, it } from 'vitest';
import type { Caller } from './caller.ts';
import { type ResourceFacts, type Scope, reachOf } from './resource-scope.ts';

const staff = (regionCode: string, more: Partial<Caller> = {}): Caller => ({ subject: 'staff-1', roles: ['ROLE_CLERK'], department: 'SCJGJ', regionCode, hallId: '', windowId: '', ...more });
const applicant: Caller = { subject: 'applicant-lisi', roles: ['ROLE_APPLICANT'], department: '', regionCode: '', hallId: '', windowId: '' };
const gulouCase: ResourceFacts = { owner: 'applicant-lisi', regions: ['350102', '350102001'], department: 'SCJGJ' };

/** Given a caller and a scope, when the resource is checked, then the caller reaches it so (or not). */
const when = (caller: Caller, scope: Scope, resource: ResourceFacts) => reachOf(caller, scope, resource);

describe('own', () => {
  it('reaches what belongs to the caller\'s account or verified identity, nothing else', () => {
    expect(when(applicant, 'own', gulouCase)).toBe('own');
    expect(when({ ...applicant, subject: 'applicant-wangwu' }, 'own', gulouCase)).toBeUndefined();
    expect(when(applicant, 'own', { heldByCaller: true })).toBe('own');
    expect(when(applicant, 'own', { heldByCaller: false })).toBeUndefined();
    // A staff inbox is nobody's own, even an account of the same name.
    expect(when({ ...applicant, subject: '' }, 'own', { owner: '' })).toBeUndefined();
  });
});

describe('jurisdiction', () => {
  it('reaches a resource with one region in the caller\'s subtree; a caller without a jurisdiction reaches none', () => {
    expect(when(staff('350102'), 'jurisdiction', gulouCase)).toBe('jurisdiction');
    expect(when(staff('350100'), 'jurisdiction', gulouCase)).toBe('jurisdiction');
    expect(when(staff('100000'), 'jurisdiction', gulouCase)).toBe('jurisdiction');
    expect(when(staff('350102001'), 'jurisdiction', { regions: ['350102', '350102001'] })).toBe('jurisdiction');
    expect(when(staff('350121'), 'jurisdiction', gulouCase)).toBeUndefined();
    expect(when(staff(''), 'jurisdiction', gulouCase)).toBeUndefined();
    // A region left empty is no region, even for the nation.
    expect(when(staff('100000'), 'jurisdiction', { regions: [''] })).toBeUndefined();
    expect(when(staff('350102'), 'jurisdiction', {})).toBeUndefined();
  });
});

describe('department', () => {
  it('needs the jurisdiction and the caller\'s own department', () => {
    expect(when(staff('350102'), 'department', gulouCase)).toBe('department');
    expect(when(staff('350102', { department: 'GAJ' }), 'department', gulouCase)).toBeUndefined();
    expect(when(staff('350121'), 'department', gulouCase)).toBeUndefined();
    expect(when(staff('350102', { department: '' }), 'department', { ...gulouCase, department: '' })).toBeUndefined();
  });
});

describe('window and hand-over', () => {
  it('lets a clerk at a window serve whoever stands there; away from one, the jurisdiction', () => {
    expect(when(staff('350203', { hallId: 'siming-hall' }), 'window', { regions: [] })).toBe('window');
    expect(when(staff('350203'), 'window', { regions: ['350102'] })).toBeUndefined();
    expect(when(staff('350102'), 'window', { regions: ['350102'] })).toBe('jurisdiction');
  });

  it('lets a window hand a result over where the item may be received (收受分离), and nowhere else', () => {
    const receivable: ResourceFacts = { ...gulouCase, receivableAt: (region) => region.startsWith('35') };
    expect(when(staff('350121', { hallId: 'minhou-hall' }), 'hand-over', receivable)).toBe('receiving-window');
    expect(when(staff('350121'), 'hand-over', receivable)).toBeUndefined();
    expect(when(staff('440106', { hallId: 'tianhe-hall' }), 'hand-over', receivable)).toBeUndefined();
    expect(when(staff('350121', { hallId: 'minhou-hall' }), 'hand-over', gulouCase)).toBeUndefined();
    expect(when(staff('350102'), 'hand-over', gulouCase)).toBe('jurisdiction');
  });
});

describe('any', () => {
  it('reaches everything, with no facts at all', () => {
    expect(when(staff(''), 'any', {})).toBe('everywhere');
  });
});
