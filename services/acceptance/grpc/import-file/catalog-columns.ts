import { type Column, json, labels, number, text } from './columns.ts';

/**
 * The columns of a catalog CSV file, named as GB/T 39046 (政务服务事项基本目录及实施清单) names the
 * fields. docs/operations.md lists them for operators; docs/examples/catalog.csv uses every item column.
 */

/** 事项类型 (GB/T 39046), by name or by the standard's two-digit code. */
const ITEM_TYPES = labels('ITEM_TYPE_', {
  LICENSING: ['行政许可', '01'],
  PENALTY: ['行政处罚', '02'],
  ENFORCEMENT: ['行政强制', '03'],
  LEVY: ['行政征收', '04'],
  BENEFIT: ['行政给付', '05'],
  INSPECTION: ['行政检查', '06'],
  CONFIRMATION: ['行政确认', '07'],
  REWARD: ['行政奖励', '08'],
  ADJUDICATION: ['行政裁决', '09'],
  OTHER_POWER: ['其他行政权力', '10'],
  PUBLIC_SERVICE: ['公共服务', '20'],
});

/** 行使层级. */
const LEVELS = labels('LEVEL_', {
  NATIONAL: ['国家级', '1'],
  PROVINCE: ['省级', '2'],
  CITY: ['市级', '3'],
  COUNTY: ['县级', '4'],
  TOWNSHIP: ['乡级', '5'],
  VILLAGE: ['村级', '6'],
});

const HANDLING_KINDS = labels('HANDLING_KIND_', { ON_THE_SPOT: ['即办件'], PROMISED: ['承诺件'] });

/** 网上办理深度, 一级 to 四级. */
const ONLINE_DEPTHS = labels('ONLINE_DEPTH_', {
  INFORMATION: ['一级', '1'],
  DOWNLOAD: ['二级', '2'],
  ONE_TRIP: ['三级', '3'],
  FULLY_ONLINE: ['四级', '4'],
});

/** 通办范围. */
const SCOPES = labels('CROSS_REGION_SCOPE_', {
  NONE: ['不通办'],
  COUNTY: ['跨县通办'],
  CITY: ['跨市通办'],
  PROVINCE: ['跨省通办'],
  NATIONAL: ['全国通办'],
});

const RESULT_KINDS = labels('RESULT_KIND_', { E_LICENSE: ['电子证照'], DOCUMENT: ['批文'] });

/** 办理渠道. */
const CHANNELS = labels('CHANNEL_', {
  COUNTER: ['窗口'],
  PC: ['PC端', '网上'],
  MOBILE: ['移动端'],
  KIOSK: ['自助终端'],
  HOTLINE: ['12345热线'],
  MAIL: ['邮寄'],
});

export const ITEM_COLUMNS: readonly Column[] = [
  { header: '实施编码', path: 'item_code', cell: text },
  { header: '基本编码', path: 'basic_code', cell: text },
  { header: '事项名称', path: 'name', cell: text },
  { header: '事项类型', path: 'item_type', cell: { type: 'label', labels: ITEM_TYPES } },
  { header: '行使层级', path: 'handling_level', cell: { type: 'label', labels: LEVELS } },
  { header: '行政区划代码', path: 'region_code', cell: text },
  { header: '实施主体', path: 'agency.name', cell: text },
  { header: '实施主体编码', path: 'agency.credit_code', cell: text },
  { header: '承办部门', path: 'agency.department', cell: text },
  { header: '设定依据', path: 'legal_basis', cell: { type: 'list' } },
  { header: '受理条件', path: 'conditions', cell: { type: 'list' } },
  { header: '申请材料', path: 'materials', cell: json },
  { header: '法定办结时限', path: 'limits.statutory_working_days', cell: number },
  { header: '承诺办结时限', path: 'limits.promised_working_days', cell: number },
  { header: '办件类型', path: 'limits.handling_kind', cell: { type: 'label', labels: HANDLING_KINDS } },
  { header: '时限设定依据', path: 'limits.statutory_limit_basis', cell: text },
  { header: '收费项目', path: 'fees', cell: json },
  { header: '网上办理深度', path: 'online_depth', cell: { type: 'label', labels: ONLINE_DEPTHS } },
  { header: '通办范围', path: 'cross_region_scope', cell: { type: 'label', labels: SCOPES } },
  { header: '办理流程', path: 'workflow', cell: json },
  { header: '结果类型', path: 'result.kind', cell: { type: 'label', labels: RESULT_KINDS } },
  { header: '结果名称', path: 'result.name', cell: text },
  { header: '证照类型', path: 'result.license_type', cell: text },
  { header: '办理渠道', path: 'channels', cell: { type: 'list', labels: CHANNELS } },
  { header: '告知承诺', path: 'commitment_allowed', cell: { type: 'yes-no' } },
];

export const BUNDLE_COLUMNS: readonly Column[] = [
  { header: '一件事编码', path: 'bundle_code', cell: text },
  { header: '一件事名称', path: 'name', cell: text },
  { header: '行政区划代码', path: 'region_code', cell: text },
  { header: '事项实施编码', path: 'member_item_codes', cell: { type: 'list' } },
  { header: '承诺办结时限', path: 'promised_working_days', cell: number },
  { header: '说明', path: 'description', cell: text },
];
