import type { Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import { bundleEventTypes } from '../../domain/bundle/bundle-decider.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

export interface BundleApplicationDocument extends ReadModelDocument {
  readonly bundleCode: string;
  readonly name: string;
  readonly caseNumbers: readonly string[];
  readonly applicantSubject: string;
  readonly outcome: Outcome;
}

export const BUNDLE_APPLICATIONS = 'bundle_applications';

/** 一件事 applications: which cases belong together, and the bundle's outcome once all ended. */
export const bundleApplicationsProjection: Projection<AcceptancePayload> = {
  name: 'bundle-applications',
  eventTypes: new Set(bundleEventTypes),
  collections: [{ name: BUNDLE_APPLICATIONS, indexes: [['applicantSubject']] }],
  async apply(event, tx) {
    const payload = event.payload;
    if (payload.$case === 'bundleSubmitted') {
      const submitted = payload.value;
      await tx.put<BundleApplicationDocument>(BUNDLE_APPLICATIONS, {
        id: submitted.bundleId,
        bundleCode: submitted.bundleCode,
        name: submitted.name,
        caseNumbers: submitted.caseNumbers,
        applicantSubject: submitted.applicantSubject,
        outcome: 'OUTCOME_UNSPECIFIED',
      });
    } else if (payload.$case === 'bundleConcluded') {
      const existing = await tx.get<BundleApplicationDocument>(BUNDLE_APPLICATIONS, payload.value.bundleId);
      if (existing) await tx.put<BundleApplicationDocument>(BUNDLE_APPLICATIONS, { ...existing, outcome: payload.value.outcome });
    }
  },
};
