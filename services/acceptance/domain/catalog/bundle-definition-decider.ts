import type { BundleDefinition } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { Decider } from '../../../platform/domain/decider.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';
import { bundleViolations } from './item-validation.ts';
import { sameBundle } from './same-definition.ts';

export type BundleDefinitionEvent = Extract<AcceptancePayload, { $case: 'bundlePublished' }>;
export const bundleDefinitionEventTypes = ['bundlePublished'] as const;

export const bundleDefinitionStreamId = (bundleCode: string) => `bundle-definition-${bundleCode}`;
export const BUNDLE_DEFINITION_STREAM_TYPE = 'bundle-definition';

export interface PublishBundle {
  readonly type: 'PublishBundle';
  readonly bundle: Omit<BundleDefinition, 'version'>;
  readonly knownRegion: (code: string) => boolean;
  readonly offeredItem: (code: string) => boolean;
}

export interface BundleDefinitionState {
  readonly versions: readonly BundleDefinition[];
}

/** A 一件事 bundle of the catalog through its versions; publishing the current version again changes nothing. */
export const bundleDefinitionDecider: Decider<PublishBundle, BundleDefinitionEvent, BundleDefinitionState> = {
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.value.bundle!] }),
  decide(command, state) {
    const violations = bundleViolations(command.bundle, command.knownRegion, command.offeredItem);
    if (violations.length) throw new ValidationError(violations);
    if (sameBundle(command.bundle, state.versions.at(-1))) return [];
    return [{ $case: 'bundlePublished', value: { bundle: { ...command.bundle, version: state.versions.length + 1 } } }];
  },
};
