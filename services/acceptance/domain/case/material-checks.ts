import type { ReusableMaterial, SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { type FieldViolation, ValidationError } from '../../../platform/domain/errors.ts';
import type { Submitter } from './case-commands.ts';

/**
 * Checks materials handed in against the item and the applicant's wallet (一号), and returns them
 * with the trust level that stands: an e-license is trust A, a reused material keeps the level it
 * was accepted with, and only staff may vouch for an upload (A or B). Every violation at once.
 */
export function checkMaterials(
  item: ServiceItem,
  materials: readonly SubmittedMaterial[],
  reusable: readonly ReusableMaterial[],
  submitter: Submitter,
  field = 'materials',
): SubmittedMaterial[] {
  const violations: FieldViolation[] = [];
  const checked = materials.map((material, index) => {
    const at = `${field}[${index}]`;
    const requirement = item.materials.find((r) => r.code === material.materialCode);
    if (!requirement) {
      violations.push({ field: `${at}.material_code`, description: `is not a material of item ${item.itemCode}` });
      return material;
    }
    switch (material.source) {
      case 'MATERIAL_SOURCE_E_LICENSE': {
        const license = reusable.find((r) => r.kind === 'REUSABLE_KIND_E_LICENSE' && r.reference === material.reference);
        if (!license || !requirement.licenseTypes.includes(license.type)) {
          violations.push({ field: `${at}.reference`, description: 'is not an e-license of the applicant that can stand in for this material' });
          return material;
        }
        return { ...material, trustLevel: 'TRUST_LEVEL_A' as const };
      }
      case 'MATERIAL_SOURCE_EARLIER_CASE': {
        const earlier = reusable.find(
          (r) => r.kind === 'REUSABLE_KIND_EARLIER_MATERIAL' && r.reference === material.reference && r.type === material.materialCode,
        );
        if (!earlier) {
          violations.push({ field: `${at}.reference`, description: 'is not an earlier case of the applicant in which this material was accepted' });
          return material;
        }
        return { ...material, trustLevel: earlier.trustLevel };
      }
      default:
        if (submitter === 'applicant' && (material.trustLevel === 'TRUST_LEVEL_A' || material.trustLevel === 'TRUST_LEVEL_B')) {
          violations.push({ field: `${at}.trust_level`, description: 'must be C or D: levels A and B are given by staff who checked the original' });
        }
        // An upload nobody vouched for is what the user handed in: trust C.
        return material.trustLevel === 'TRUST_LEVEL_UNSPECIFIED' ? { ...material, trustLevel: 'TRUST_LEVEL_C' as const } : material;
    }
  });
  if (violations.length) throw new ValidationError(violations);
  return checked;
}
