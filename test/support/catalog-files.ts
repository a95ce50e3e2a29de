import type { ServiceItem } from '../../generated/onewindow/acceptance/v1/catalog.ts';

/** The item columns of a catalog CSV file, in the order docs/examples/catalog.csv has them. */
export const ITEM_HEADER = [
  '实施编码', '基本编码', '事项名称', '事项类型', '行使层级', '行政区划代码', '实施主体', '实施主体编码', '承办部门', '设定依据', '受理条件', '申请材料',
  '法定办结时限', '承诺办结时限', '办件类型', '时限设定依据', '收费项目', '网上办理深度', '通办范围', '办理流程', '结果类型', '结果名称', '证照类型', '办理渠道', '告知承诺',
] as const;

export type ItemCells = Record<(typeof ITEM_HEADER)[number], string>;

/**
 * An item's cells as an operator's spreadsheet would hold them: enums by the proto's own names
 * (which the reader takes besides the Chinese labels), lists one entry per line, nested parts in
 * the protos' JSON mapping.
 */
export function itemCells(item: Omit<ServiceItem, 'version'>): ItemCells {
  const json = (value: unknown) => JSON.stringify(value);
  return {
    实施编码: item.itemCode,
    基本编码: item.basicCode,
    事项名称: item.name,
    事项类型: item.itemType,
    行使层级: item.handlingLevel,
    行政区划代码: item.regionCode,
    实施主体: item.agency!.name,
    实施主体编码: item.agency!.creditCode,
    承办部门: item.agency!.department,
    设定依据: item.legalBasis.join('\n'),
    受理条件: item.conditions.join('\n'),
    申请材料: json(item.materials),
    法定办结时限: String(item.limits!.statutoryWorkingDays),
    承诺办结时限: String(item.limits!.promisedWorkingDays),
    办件类型: item.limits!.handlingKind,
    时限设定依据: item.limits!.statutoryLimitBasis,
    收费项目: json(item.fees),
    网上办理深度: item.onlineDepth,
    通办范围: item.crossRegionScope,
    办理流程: json(item.workflow),
    结果类型: item.result!.kind,
    结果名称: item.result!.name,
    证照类型: item.result!.licenseType,
    办理渠道: item.channels.join('\n'),
    告知承诺: item.commitmentAllowed ? '是' : '否',
  };
}

/** A CSV file (RFC 4180: every cell quoted, CRLF) of the header and rows of cells; a row may have fewer cells. */
export function csvFile(rows: ReadonlyArray<readonly string[]>): Buffer {
  const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  return Buffer.from(rows.map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n');
}
