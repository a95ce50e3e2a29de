import type { SupervisionPolicy } from '../../../generated/onewindow/supervision/v1/watch.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { RegionRegistry } from '../../platform/regions/region-registry.ts';
import { defaultPolicy, pauseMaxOf } from '../domain/policy/supervision-policy.ts';
import { POLICIES, type PolicyDocument } from './projections/supervision-documents.ts';

/** The policy that applies to a region: its own, else its nearest ancestor's, else the defaults. */
export type PolicyLookup = (regionCode: string) => Promise<SupervisionPolicy>;

export function policyLookup(readModels: ReadModelReader, regions: RegionRegistry): PolicyLookup {
  return async (regionCode) => {
    const lineage = regions.knownLineage(regionCode).map((r) => r.code);
    for (const code of [regionCode, ...lineage.reverse()]) {
      const document = await readModels.get<PolicyDocument>(POLICIES, code);
      // A policy set before a setting existed has the default for it.
      if (document) return { ...document.policy, regionCode, pauseMaxWorkingDays: pauseMaxOf(document.policy) };
    }
    return defaultPolicy(regionCode);
  };
}
