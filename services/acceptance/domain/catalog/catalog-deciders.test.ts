import { describe, expect, it } from 'vitest';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { RegionRegistry } from '../../../platform/regions/region-registry.ts';
import { regionTree } from '../../../platform/regions/region-tree.ts';
import { FailedPreconditionError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { bundleSeed, catalogSeed, startupItems } from '../../seed/catalog-seed.ts';
import { departmentSeed } from '../../seed/directory-seed.ts';
import { bundleDefinitionDecider } from './bundle-definition-decider.ts';
import { type ServiceItemEvent, serviceItemDecider } from './service-item-decider.ts';

const regions = new RegionRegistry(regionTree);
const knownRegion = (code: string) => regions.has(code);
const departments = new Set(departmentSeed.map((d) => `${d.regionCode}:${d.code}`));
/** The seed directory's departments, at their region or a region above. */
const known = { knownRegion, knownDepartment: (regionCode: string, code: string) => regions.lineage(regionCode).some((r) => departments.has(`${r.code}:${code}`)) };
const items = deciderSpec(serviceItemDecider);
const publish = (item: Omit<ServiceItem, 'version'>) => ({ type: 'PublishServiceItem' as const, item, known });
const published = (item: Omit<ServiceItem, 'version'>, version = 1): ServiceItemEvent => ({ $case: 'serviceItemPublished', value: { item: { ...item, version } } });
const food = catalogSeed[0]!;

describe('catalog item', () => {
  it('publishes every seed item as version 1, and a revision as version 2', () => {
    for (const item of [...catalogSeed, ...startupItems]) items.given([]).when(publish(item)).then([published(item)]);
    const revised = { ...food, limits: { ...food.limits!, promisedWorkingDays: 7 } };
    items.given([published(food)]).when(publish(revised)).then([published(revised, 2)]);
  });

  it('records nothing when the current version is published again, so a catalog file imported twice changes nothing', () => {
    items.given([published(food)]).when(publish(structuredClone(food))).then([]);
    // A field left out is the field at its default, as on the wire.
    const { fees: _fees, ...withoutFees } = food;
    items.given([published(food)]).when(publish(withoutFees as typeof food)).then([]);
    items.given([published(food), published({ ...food, name: '食品经营许可（新）' }, 2)]).when(publish(food)).then([published(food, 3)]);
  });

  it('reports everything wrong with an item at once, by field', () => {
    const broken = {
      ...food,
      agency: { ...food.agency!, creditCode: '91350100M000100Y44' },
      materials: [food.materials[0]!, food.materials[0]!],
      limits: { statutoryWorkingDays: 30, promisedWorkingDays: 35, handlingKind: 'HANDLING_KIND_PROMISED' as const, statutoryLimitBasis: '' },
      workflow: { stages: [{ name: '空', steps: [], joinRule: 'JOIN_RULE_ALL_APPROVE' as const }], jointHandling: false },
      regionCode: '999999',
    };
    items.given([]).when(publish(broken)).thenThrows(ValidationError);
    try {
      serviceItemDecider.decide(publish(broken), serviceItemDecider.initialState());
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual([
        'item.region_code', 'item.agency.credit_code', 'item.agency.department', 'item.materials[1].code', 'item.limits.promised_working_days',
        'item.limits.statutory_working_days', 'item.workflow.stages[0].steps',
      ]);
    }
  });

  it("names only departments of the directory, at the item's region or above, or at a step's own region", () => {
    const township = { ...food, regionCode: '350102001' };
    items.given([]).when(publish(township)).thenState((state) => expect(state.versions).toHaveLength(1));
    const elsewhere = { ...food, regionCode: '350121' };
    items.given([]).when(publish(elsewhere)).thenThrows(ValidationError, /item\.agency\.department.*item\.workflow\.stages\[0\]\.steps\[0\]\.department/s);
    const unknownStep = { ...food, workflow: { ...food.workflow!, stages: [{ ...food.workflow!.stages[0]!, steps: [{ ...food.workflow!.stages[0]!.steps[0]!, department: 'XYZ' }] }] } };
    items.given([]).when(publish(unknownStep)).thenThrows(ValidationError, 'item.workflow.stages[0].steps[0].department');
  });

  it('takes a licence limit above 20 working days only with the law or regulation that sets it (行政许可法 Art. 42 yields to it)', () => {
    const withLimit = (statutoryWorkingDays: number, statutoryLimitBasis: string) => ({ ...food, limits: { ...food.limits!, statutoryWorkingDays, statutoryLimitBasis } });
    items.given([]).when(publish(withLimit(30, ''))).thenThrows(ValidationError, /item\.limits\.statutory_working_days/);
    items
      .given([])
      .when(publish(withLimit(30, '《中华人民共和国药品管理法实施条例》')))
      .thenState((state) => expect(state.versions.at(-1)?.limits?.statutoryLimitBasis).toBe('《中华人民共和国药品管理法实施条例》'));
  });

  it('retires an item once, with a reason; publishing it again brings it back', () => {
    const retire = { type: 'RetireServiceItem' as const, reason: '事项取消' };
    items.given([]).when(retire).thenThrows(FailedPreconditionError);
    items.given([published(food)]).when({ type: 'RetireServiceItem', reason: ' ' }).thenThrows(ValidationError, 'reason');
    items.given([published(food)]).when(retire).then([{ $case: 'serviceItemRetired', value: { itemCode: food.itemCode, version: 1, reason: '事项取消' } }]);
    const retired: ServiceItemEvent = { $case: 'serviceItemRetired', value: { itemCode: food.itemCode, version: 1, reason: '事项取消' } };
    items.given([published(food), retired]).when(retire).then([]);
    items.given([published(food), retired]).when(publish(food)).thenState((state) => expect(state).toMatchObject({ retired: false, versions: [{ version: 1 }, { version: 2 }] }));
  });
});

describe('bundle definition (一件事)', () => {
  const bundles = deciderSpec(bundleDefinitionDecider);
  const offered = new Set(startupItems.map((i) => i.itemCode));
  const command = (bundle = bundleSeed[0]!) => ({ type: 'PublishBundle' as const, bundle, knownRegion, offeredItem: (code: string) => offered.has(code) });

  it('publishes the 开办企业 bundle of five parallel items', () => {
    bundles.given([]).when(command()).thenState((state) => expect(state.versions[0]).toMatchObject({ version: 1, memberItemCodes: bundleSeed[0]!.memberItemCodes }));
  });

  it('records nothing when the current version is published again', () => {
    const bundle = bundleSeed[0]!;
    bundles.given([{ $case: 'bundlePublished', value: { bundle: { ...bundle, version: 1 } } }]).when(command(structuredClone(bundle))).then([]);
    const longer = { ...bundle, promisedWorkingDays: bundle.promisedWorkingDays + 1 };
    bundles.given([{ $case: 'bundlePublished', value: { bundle: { ...bundle, version: 1 } } }]).when(command(longer)).thenState((state) => expect(state.versions).toHaveLength(2));
  });

  it('joins at least two items that the catalog offers', () => {
    bundles.given([]).when(command({ ...bundleSeed[0]!, memberItemCodes: ['nope', startupItems[0]!.itemCode] })).thenThrows(ValidationError, 'bundle.member_item_codes[0]');
    bundles.given([]).when(command({ ...bundleSeed[0]!, memberItemCodes: [startupItems[0]!.itemCode] })).thenThrows(ValidationError, 'at least two');
  });
});
