import type {
  BundleDefinition,
  MaterialRequirement,
  ServiceItem,
  WorkflowStage,
  WorkflowStep,
} from '../../../generated/onewindow/acceptance/v1/catalog.ts';

/**
 * The catalog a new embedded installation starts with: typical county and city items (食品经营许可, 个体工商户设立登记, 住房公积金提取, 建设工程规划许可证, 道路运输经营许可), implemented in
 * Fuzhou (福建省福州市) and its Gulou district, and the 开办企业 bundle (一件事) with its five member
 * items. Codes are opaque but shaped like real ones; agency credit codes pass GB 32100. Published
 * once, on first start; versions follow the catalog's events.
 */

type ItemDraft = Omit<ServiceItem, 'version'>;

const ALL_CHANNELS = ['CHANNEL_COUNTER', 'CHANNEL_PC', 'CHANNEL_MOBILE', 'CHANNEL_KIOSK', 'CHANNEL_HOTLINE', 'CHANNEL_MAIL'] as const;

function material(code: string, name: string, options: Partial<MaterialRequirement> = {}): MaterialRequirement {
  return { code, name, required: true, form: 'MATERIAL_FORM_ORIGINAL', main: true, licenseTypes: [], commitmentCanReplace: false, ...options };
}

function step(stepId: string, name: string, department: string, level: WorkflowStep['level'], workingDays: number, regionCode = ''): WorkflowStep {
  return { stepId, name, department, level, regionCode, role: 'ROLE_APPROVER', workingDays };
}

function stage(name: string, steps: WorkflowStep[]): WorkflowStage {
  return { name, steps, joinRule: 'JOIN_RULE_ALL_APPROVE' };
}

const identityCard = material('id-card', '法定代表人或经营者身份证明', { form: 'MATERIAL_FORM_COPY', licenseTypes: ['居民身份证'] });
const businessLicense = material('business-license', '营业执照', { form: 'MATERIAL_FORM_COPY', licenseTypes: ['营业执照'] });

export const catalogSeed: readonly ItemDraft[] = [
  {
    itemCode: '11350102003061XR-000120101000',
    basicCode: '000120101000',
    name: '食品经营许可',
    itemType: 'ITEM_TYPE_LICENSING',
    handlingLevel: 'LEVEL_COUNTY',
    regionCode: '350102',
    agency: { name: '福州市鼓楼区市场监督管理局', creditCode: '1135010200306101XR', department: 'SCJGJ' },
    legalBasis: ['《中华人民共和国食品安全法》第三十五条', '《食品经营许可和备案管理办法》'],
    conditions: ['有与经营的食品品种、数量相适应的经营场所', '有食品安全管理人员和保证食品安全的规章制度'],
    materials: [
      material('application', '食品经营许可申请书'),
      businessLicense,
      identityCard,
      material('safety-rules', '食品安全自查、从业人员健康管理等制度', { main: false }),
      material('floor-plan', '经营场所平面布局图', { main: false }),
    ],
    limits: { statutoryWorkingDays: 20, promisedWorkingDays: 10, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_ONE_TRIP',
    crossRegionScope: 'CROSS_REGION_SCOPE_NONE',
    workflow: { stages: [stage('审查', [step('review', '审查', 'SCJGJ', 'LEVEL_COUNTY', 8)]), stage('决定', [step('decide', '决定', 'SCJGJ', 'LEVEL_COUNTY', 2)])], jointHandling: false },
    result: { kind: 'RESULT_KIND_E_LICENSE', licenseType: '食品经营许可证', name: '食品经营许可证' },
    channels: [...ALL_CHANNELS],
    commitmentAllowed: false,
  },
  {
    itemCode: '11350102003061XR-000120102000',
    basicCode: '000120102000',
    name: '个体工商户设立登记',
    itemType: 'ITEM_TYPE_LICENSING',
    handlingLevel: 'LEVEL_COUNTY',
    regionCode: '350102',
    agency: { name: '福州市鼓楼区市场监督管理局', creditCode: '1135010200306101XR', department: 'SCJGJ' },
    legalBasis: ['《促进个体工商户发展条例》', '《中华人民共和国市场主体登记管理条例》第十九条'],
    conditions: ['申请材料齐全、符合法定形式'],
    materials: [
      material('registration-form', '个体工商户设立登记申请书'),
      identityCard,
      material('premises', '经营场所使用证明', { main: false, commitmentCanReplace: true }),
    ],
    limits: { statutoryWorkingDays: 15, promisedWorkingDays: 0, handlingKind: 'HANDLING_KIND_ON_THE_SPOT', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_FULLY_ONLINE',
    crossRegionScope: 'CROSS_REGION_SCOPE_CITY',
    workflow: { stages: [stage('登记', [step('register', '核准登记', 'SCJGJ', 'LEVEL_COUNTY', 0)])], jointHandling: false },
    result: { kind: 'RESULT_KIND_E_LICENSE', licenseType: '营业执照', name: '营业执照' },
    channels: [...ALL_CHANNELS],
    commitmentAllowed: true,
  },
  {
    itemCode: '11350100485004041T-000220301000',
    basicCode: '000220301000',
    name: '住房公积金提取',
    itemType: 'ITEM_TYPE_PUBLIC_SERVICE',
    handlingLevel: 'LEVEL_CITY',
    regionCode: '350100',
    agency: { name: '福州住房公积金中心', creditCode: '11350100485004041T', department: 'GJJZX' },
    legalBasis: ['《住房公积金管理条例》第二十四条'],
    conditions: ['购买、建造、翻建、大修自住住房等法定情形之一'],
    materials: [
      identityCard,
      material('property-deed', '不动产权证书', { form: 'MATERIAL_FORM_COPY', licenseTypes: ['不动产权证书'] }),
      material('bank-card', '本人银行卡', { main: false, form: 'MATERIAL_FORM_COPY' }),
    ],
    limits: { statutoryWorkingDays: 0, promisedWorkingDays: 3, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_FULLY_ONLINE',
    crossRegionScope: 'CROSS_REGION_SCOPE_NATIONAL',
    workflow: { stages: [stage('审核', [step('audit', '审核支付', 'GJJZX', 'LEVEL_CITY', 3)])], jointHandling: false },
    result: { kind: 'RESULT_KIND_DOCUMENT', licenseType: '', name: '住房公积金提取审批结果' },
    channels: [...ALL_CHANNELS],
    commitmentAllowed: false,
  },
  {
    itemCode: '11350100003072026M-000120201000',
    basicCode: '000120201000',
    name: '建设工程规划许可证核发',
    itemType: 'ITEM_TYPE_LICENSING',
    handlingLevel: 'LEVEL_CITY',
    regionCode: '350100',
    agency: { name: '福州市自然资源和规划局', creditCode: '11350100003072026M', department: 'ZRZYGHJ' },
    legalBasis: ['《中华人民共和国城乡规划法》第四十条'],
    conditions: ['已取得建设用地规划许可或土地使用权证明', '设计方案符合控制性详细规划'],
    materials: [
      material('application', '建设工程规划许可申请表'),
      material('land-certificate', '使用土地的有关证明文件', { licenseTypes: ['不动产权证书'] }),
      material('design-plan', '建设工程设计方案'),
      material('fire-design', '消防设计文件', { main: false }),
    ],
    limits: { statutoryWorkingDays: 20, promisedWorkingDays: 10, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_ONE_TRIP',
    crossRegionScope: 'CROSS_REGION_SCOPE_NONE',
    workflow: {
      stages: [
        stage('并联审查', [
          step('planning-review', '规划审查', 'ZRZYGHJ', 'LEVEL_CITY', 5),
          step('fire-review', '消防设计审查', 'ZJJ', 'LEVEL_CITY', 5),
          step('civil-defence-review', '人防审查', 'RFB', 'LEVEL_CITY', 5),
        ]),
        stage('决定', [step('decide', '核发决定', 'ZRZYGHJ', 'LEVEL_CITY', 3)]),
      ],
      // Planning, fire and civil defence review together (联合审批): one extension is 15 working days.
      jointHandling: true,
    },
    result: { kind: 'RESULT_KIND_E_LICENSE', licenseType: '建设工程规划许可证', name: '建设工程规划许可证' },
    channels: ['CHANNEL_COUNTER', 'CHANNEL_PC', 'CHANNEL_MAIL'],
    commitmentAllowed: false,
  },
  {
    itemCode: '113501000030730371-000120301000',
    basicCode: '000120301000',
    name: '道路运输经营许可',
    itemType: 'ITEM_TYPE_LICENSING',
    handlingLevel: 'LEVEL_CITY',
    regionCode: '350100',
    agency: { name: '福州市交通运输局', creditCode: '113501000030730371', department: 'JTYSJ' },
    legalBasis: ['《中华人民共和国道路运输条例》第二十四条'],
    conditions: ['有与其经营业务相适应并经检测合格的车辆', '有符合规定条件的驾驶人员'],
    materials: [material('application', '道路货物运输经营申请表'), identityCard, material('vehicles', '拟投入车辆承诺书', { main: false })],
    limits: { statutoryWorkingDays: 20, promisedWorkingDays: 10, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_ONE_TRIP',
    crossRegionScope: 'CROSS_REGION_SCOPE_NONE',
    workflow: {
      // A lower level reviews first, the upper level decides (行政许可法 Art. 43: the lower level has 20 days).
      stages: [
        stage('区级初审', [step('county-review', '初审', 'JTYSJ', 'LEVEL_COUNTY', 5, '350102')]),
        stage('市级决定', [step('city-decide', '决定', 'JTYSJ', 'LEVEL_CITY', 5)]),
      ],
      jointHandling: false,
    },
    result: { kind: 'RESULT_KIND_E_LICENSE', licenseType: '道路运输经营许可证', name: '道路运输经营许可证' },
    channels: [...ALL_CHANNELS],
    commitmentAllowed: false,
  },
];

/** A member item of the 开办企业 bundle: one department, one working day, done in parallel. */
function startupItem(itemCode: string, name: string, agency: ServiceItem['agency'], result: ServiceItem['result'], materials: MaterialRequirement[]): ItemDraft {
  return {
    itemCode,
    basicCode: itemCode.split('-').pop() ?? itemCode,
    name,
    itemType: result?.kind === 'RESULT_KIND_E_LICENSE' ? 'ITEM_TYPE_LICENSING' : 'ITEM_TYPE_PUBLIC_SERVICE',
    handlingLevel: 'LEVEL_COUNTY',
    regionCode: '350102',
    agency,
    legalBasis: ['《国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见》'],
    conditions: ['拟设立企业名称已自主申报'],
    materials,
    limits: { statutoryWorkingDays: 0, promisedWorkingDays: 1, handlingKind: 'HANDLING_KIND_PROMISED', statutoryLimitBasis: '' },
    fees: [],
    onlineDepth: 'ONLINE_DEPTH_FULLY_ONLINE',
    crossRegionScope: 'CROSS_REGION_SCOPE_CITY',
    workflow: { stages: [stage('办理', [step('handle', name, agency!.department, 'LEVEL_COUNTY', 1)])], jointHandling: false },
    result,
    channels: [...ALL_CHANNELS],
    commitmentAllowed: false,
  };
}

const registrationForm = material('registration-form', '公司登记（备案）申请书');

/** 开办企业（一件事）: market regulation + public security (seal) + tax + HR + housing fund. */
export const startupItems: readonly ItemDraft[] = [
  startupItem('11350102003061XR-000120103000', '企业设立登记', { name: '福州市鼓楼区市场监督管理局', creditCode: '1135010200306101XR', department: 'SCJGJ' },
    { kind: 'RESULT_KIND_E_LICENSE', licenseType: '营业执照', name: '营业执照' }, [registrationForm, identityCard, material('articles', '公司章程')]),
  startupItem('11350102003068086C-000120104000', '公章刻制备案', { name: '福州市公安局鼓楼分局', creditCode: '11350102003068086C', department: 'GAJ' },
    { kind: 'RESULT_KIND_DOCUMENT', licenseType: '', name: '印章刻制备案回执' }, [registrationForm, identityCard]),
  startupItem('11350102003066064M-000220105000', '新办纳税人涉税事项', { name: '国家税务总局福州市鼓楼区税务局', creditCode: '11350102003066064M', department: 'SWJ' },
    { kind: 'RESULT_KIND_DOCUMENT', licenseType: '', name: '税务登记信息确认' }, [registrationForm, identityCard]),
  startupItem('11350102003069097P-000220106000', '单位社会保险登记', { name: '福州市鼓楼区人力资源和社会保障局', creditCode: '11350102003069097P', department: 'RSJ' },
    { kind: 'RESULT_KIND_DOCUMENT', licenseType: '', name: '社会保险登记凭证' }, [registrationForm]),
  startupItem('11350102485005159E-000220107000', '住房公积金单位缴存登记', { name: '福州住房公积金中心鼓楼管理部', creditCode: '11350102485005159E', department: 'GJJZX' },
    { kind: 'RESULT_KIND_DOCUMENT', licenseType: '', name: '住房公积金缴存登记凭证' }, [registrationForm]),
];

export const bundleSeed: readonly Omit<BundleDefinition, 'version'>[] = [
  {
    bundleCode: 'KBQY-350102',
    name: '开办企业（一件事）',
    regionCode: '350102',
    memberItemCodes: startupItems.map((item) => item.itemCode),
    promisedWorkingDays: 1,
    description: '企业登记、公章刻制、涉税事项、社保登记、公积金缴存登记一次申请、并联办理、一次办结',
  },
];
