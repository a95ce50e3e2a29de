// The names behind department codes (AcceptanceService.ListDirectory): a code names one department
// per region, so a department is named at its region or the nearest region above that has it.
import { acceptance } from './api.js';

/** Each region's directory, asked once per page load. */
const byRegion = new Map();

/** The department's name as the directory has it at `regionCode` or above; the code when it has none. */
export async function departmentName(code, regionCode, signal) {
  if (!byRegion.has(regionCode)) byRegion.set(regionCode, acceptance.listDirectory({ regionCode }, { signal }).catch(() => ({ departments: [] })));
  const { departments } = await byRegion.get(regionCode);
  return departments.find((department) => department.code === code)?.name ?? code;
}
