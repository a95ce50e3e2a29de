import type { DirectoryEntry } from '../../../../generated/onewindow/acceptance/v1/directory.ts';

/** An entry as an operator gives it: one of the four kinds, without the version the decider assigns. */
export type DirectoryRecord = NonNullable<DirectoryEntry['entry']>;
export type DirectoryKind = DirectoryRecord['$case'];

/** Each entry is a stream of its versions: "directory-<kind>-<key>". */
export function directoryStreamId(record: DirectoryRecord): string {
  return `directory-${record.$case}-${directoryKey(record)}`;
}

export const DIRECTORY_STREAM_TYPE = 'directory-entry';

/** What names an entry: a department by region and code, a window within its hall, a staff post by account, a region by code. */
export function directoryKey(record: DirectoryRecord): string {
  switch (record.$case) {
    case 'department':
      return `${record.value.regionCode}:${record.value.code}`;
    case 'hall':
      return record.value.hallId;
    case 'window':
      return `${record.value.hallId}:${record.value.windowId}`;
    case 'staff':
      return record.value.account;
    case 'region':
      return record.value.code;
  }
}

export const departmentStreamId = (regionCode: string, code: string) => `directory-department-${regionCode}:${code}`;
export const hallStreamId = (hallId: string) => `directory-hall-${hallId}`;
export const windowStreamId = (hallId: string, windowId: string) => `directory-window-${hallId}:${windowId}`;
export const staffStreamId = (account: string) => `directory-staff-${account}`;
export const regionStreamId = (code: string) => `directory-region-${code}`;
