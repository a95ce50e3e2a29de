import type { GroupBy, StatisticsRow } from '../../../../generated/onewindow/supervision/v1/statistics.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import { DIRECTORY_NAMES, type DirectoryNameDocument, departmentNameId, hallNameId } from '../../../contracts/directory-view.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/**
 * Statistics rows by department or hall named from the directory (the view of it every service
 * keeps, services/contracts/directory-view.ts) instead of by code. A department
 * code names one department per region: the row takes the name at the asked region or the nearest
 * region above it, else the first region of the subtree that has one (鼓楼区市场监督管理局 for SCJGJ
 * asked at 鼓楼; at 福州, 福州市市场监督管理局 when the city's is in the directory). Without an
 * entry the code stays.
 */
export async function withDirectoryNames(app: SupervisionApp, root: string, groupBy: GroupBy, rows: readonly StatisticsRow[]): Promise<StatisticsRow[]> {
  if (groupBy !== 'GROUP_BY_DEPARTMENT' && groupBy !== 'GROUP_BY_HALL') return [...rows];
  const named: StatisticsRow[] = [];
  for (const row of rows) {
    const name = groupBy === 'GROUP_BY_HALL' ? await hallName(app, row.key) : await departmentName(app, root, row.key);
    named.push(name ? { ...row, name } : row);
  }
  return named;
}

async function hallName(app: SupervisionApp, hallId: string): Promise<string | undefined> {
  return hallId ? (await app.readModels.get<DirectoryNameDocument>(DIRECTORY_NAMES, hallNameId(hallId)))?.name : undefined;
}

async function departmentName(app: SupervisionApp, root: string, code: string): Promise<string | undefined> {
  for (const region of app.regions.lineage(root).reverse()) {
    const found = await app.readModels.get<DirectoryNameDocument>(DIRECTORY_NAMES, departmentNameId(region.code, code));
    if (found) return found.name;
  }
  const below = await app.readModels.find<DirectoryNameDocument>(DIRECTORY_NAMES, { where: { kind: 'department', code, regionCode: { prefix: subtreePrefix(root) } }, orderBy: [['regionCode', 'asc']], limit: 1 });
  return below[0]?.name;
}
