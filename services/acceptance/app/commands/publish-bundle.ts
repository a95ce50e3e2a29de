import type { PublishBundleRequest, PublishBundleResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { BUNDLE_DEFINITION_STREAM_TYPE, bundleDefinitionStreamId } from '../../domain/catalog/bundle-definition-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';

/** An operator publishes a 一件事 bundle of items offered today, or revises it: a new version. */
export async function publishBundle(app: AcceptanceApp, request: PublishBundleRequest, caller: CallContext): Promise<PublishBundleResponse> {
  const { version: _version, ...bundle } = request.bundle!;
  const result = await record(app, app.bundleDefinitions, request, caller, async () => {
    const offered = new Set<string>();
    for (const code of bundle.memberItemCodes) {
      if (await app.catalog.offeredItem(code).then(() => true, () => false)) offered.add(code);
    }
    return {
      streamId: bundleDefinitionStreamId(bundle.bundleCode),
      streamType: BUNDLE_DEFINITION_STREAM_TYPE,
      regionCode: bundle.regionCode,
      command: { type: 'PublishBundle', bundle, knownRegion: (code) => app.regions.inForce(code), offeredItem: (code) => offered.has(code) },
    };
  });
  return { version: result.state.versions.at(-1)?.version ?? 0, consistencyToken: result.consistencyToken };
}
