import { describe, expect, it } from 'vitest';
import type { Region } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Hall } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import type { DirectoryRecord } from './directory-entry.ts';
import { type DirectoryEntryEvent, directoryEntryDecider } from './directory-entry-decider.ts';
import type { DirectoryLookups } from './directory-validation.ts';

const gulouHall: Hall = { hallId: 'GL-ZWZX', name: '鼓楼区政务服务中心', regionCode: '350102', address: '福州市鼓楼区' };
/** As the 2023 edition has them: 鼓楼区 with its township 鼓东街道, under 福州市. */
const shipped: Region[] = [
  { code: '350100', name: '福州市', level: 'LEVEL_CITY', parentCode: '350000', edition: '2023', inForceFrom: '', endedOn: '' },
  { code: '350102', name: '鼓楼区', level: 'LEVEL_COUNTY', parentCode: '350100', edition: '2023', inForceFrom: '', endedOn: '' },
  { code: '350102001', name: '鼓东街道', level: 'LEVEL_TOWNSHIP', parentCode: '350102', edition: '2023', inForceFrom: '', endedOn: '' },
];
const known: DirectoryLookups = {
  knownRegion: (code) => ['350100', '350102', '350121'].includes(code),
  region: (code) => shipped.find((region) => region.code === code),
  hasRegionsInForceBelow: (code) => shipped.some((region) => region.parentCode === code),
  knownDepartment: (region, code) => region === '350102' && ['SCJGJ', 'GAJ'].includes(code),
  hall: (hallId) => (hallId === gulouHall.hallId ? gulouHall : undefined),
  knownWindow: (hallId, windowId) => hallId === gulouHall.hallId && windowId === 'W01',
};
const entries = deciderSpec(directoryEntryDecider);
const record = (entry: DirectoryRecord) => ({ type: 'RecordDirectoryEntry' as const, record: entry, known });
const recorded = (entry: DirectoryRecord, version = 1): DirectoryEntryEvent => ({ $case: 'directoryEntryRecorded', value: { entry: { entry, version } } });
const clerk: DirectoryRecord = {
  $case: 'staff',
  value: { account: 'clerk-gulou-01', regionCode: '350102', department: 'SCJGJ', hallId: 'GL-ZWZX', windowId: 'W01', roles: ['ROLE_CLERK'], departed: false },
};

describe('directory entry', () => {
  it('records a department, a hall, a window and a staff post as version 1; the same again records nothing; a change is version 2', () => {
    const market: DirectoryRecord = { $case: 'department', value: { regionCode: '350102', code: 'SCJGJ', name: '福州市鼓楼区市场监督管理局' } };
    const window: DirectoryRecord = { $case: 'window', value: { hallId: 'GL-ZWZX', windowId: 'W01', name: '综合受理一号窗', departments: ['SCJGJ'] } };
    for (const entry of [market, { $case: 'hall', value: gulouHall } satisfies DirectoryRecord, window, clerk]) {
      entries.given([]).when(record(entry)).then([recorded(entry)]);
      entries.given([recorded(entry)]).when(record(structuredClone(entry))).then([]);
    }
    const left: DirectoryRecord = { $case: 'staff', value: { ...clerk.value, departed: true } as typeof clerk.value };
    entries.given([recorded(clerk)]).when(record(left)).then([recorded(left, 2)]);
  });

  it("refuses a staff post whose department, hall or window the directory does not have, or that is no staff role, naming each field", () => {
    const wrong: DirectoryRecord = {
      $case: 'staff',
      value: { account: 'clerk gulou', regionCode: '350121', department: 'SCJGJ', hallId: 'GL-ZWZX', windowId: 'W09', roles: ['ROLE_APPLICANT'], departed: false },
    };
    expect(() => directoryEntryDecider.decide(record(wrong), directoryEntryDecider.initialState())).toThrow(ValidationError);
    try {
      directoryEntryDecider.decide(record(wrong), directoryEntryDecider.initialState());
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual([
        'staff.account', 'staff.roles', 'staff.department', 'staff.hall_id', 'staff.window_id',
      ]);
    }
    entries.given([]).when(record({ $case: 'staff', value: { ...clerk.value, roles: ['ROLE_APPROVER'], department: '' } })).thenThrows(ValidationError, 'staff.department');
  });

  it("refuses a window of an unknown hall, or serving a department the hall's region does not have", () => {
    entries.given([]).when(record({ $case: 'window', value: { hallId: 'NOPE', windowId: 'W01', name: '窗口', departments: [] } })).thenThrows(ValidationError, 'window.hall_id');
    entries.given([]).when(record({ $case: 'window', value: { hallId: 'GL-ZWZX', windowId: 'W02', name: '窗口', departments: ['SCJGJ', 'SWJ'] } })).thenThrows(ValidationError, 'window.departments[1]');
  });

  it('refuses a department or hall of a region the installation does not serve, and codes that are no codes', () => {
    entries.given([]).when(record({ $case: 'department', value: { regionCode: '999999', code: 'SC JG', name: '' } })).thenThrows(ValidationError, /department\.region_code.*department\.code.*department\.name/s);
    entries.given([]).when(record({ $case: 'hall', value: { ...gulouHall, hallId: '', regionCode: '999999' } })).thenThrows(ValidationError, /hall\.hall_id.*hall\.region_code/s);
  });

  describe('a region of a division edition', () => {
    const edition2024 = { edition: '2024', inForceFrom: '2024-06-30' };
    const region = (value: Partial<Region>): DirectoryRecord => ({ $case: 'region', value: { ...shipped[2]!, ...edition2024, ...value } });

    it('records nothing for a shipped region the edition leaves as it was, whatever the edition is called', () => {
      entries.given([]).when(record(region({}))).then([]);
    });

    it('records a renamed or re-parented shipped region, and a new code, as the first version of its stream; the same again as nothing', () => {
      const renamed = region({ name: '鼓东街道（新）' });
      entries.given([]).when(record(renamed)).then([recorded(renamed)]);
      entries.given([recorded(renamed)]).when(record(region({ name: '鼓东街道（新）', edition: '2025' }))).then([]);
      const moved = region({ parentCode: '350100', level: 'LEVEL_TOWNSHIP' });
      entries.given([]).when(record(moved)).then([recorded(moved)]);
      const added = region({ code: '350102099', name: '新设街道' });
      entries.given([]).when(record(added)).then([recorded(added)]);
    });

    it('ends a region with nothing in force below it, and refuses to end one with regions below it', () => {
      const ended = region({ endedOn: '2024-06-30' });
      entries.given([]).when(record(ended)).then([recorded(ended)]);
      entries.given([]).when(record({ $case: 'region', value: { ...shipped[1]!, ...edition2024, endedOn: '2024-06-30' } })).thenThrows(ValidationError, 'region.ended_on');
    });

    it('refuses a level the code does not say, an unknown parent, a parent not above it, and no date, naming each field', () => {
      entries.given([]).when(record(region({ level: 'LEVEL_COUNTY' }))).thenThrows(ValidationError, 'region.level');
      entries.given([]).when(record(region({ parentCode: '350199' }))).thenThrows(ValidationError, 'region.parent_code');
      entries.given([]).when(record({ $case: 'region', value: { ...shipped[0]!, ...edition2024, parentCode: '350102' } })).thenThrows(ValidationError, 'region.parent_code');
      entries.given([]).when(record(region({ inForceFrom: '2024-02-30', edition: '' }))).thenThrows(ValidationError, /region\.edition.*region\.in_force_from/s);
    });
  });
});
