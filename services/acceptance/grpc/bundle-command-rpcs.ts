import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { SubmittedMaterial } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import { FailedPreconditionError, type FieldViolation, ValidationError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { BUNDLE_STREAM_TYPE, bundleStreamId } from '../domain/bundle/bundle-decider.ts';
import { caseDecider } from '../domain/case/case-decider.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { type ReceivedApplication, applicationIntake } from './application-intake.ts';
import { submitBundleSchema } from './request-schemas.ts';

/** A member's share of the bundle's materials, each with its place in the request. */
const shareOf = (item: ServiceItem, materials: readonly SubmittedMaterial[]) => {
  const codes = new Set(item.materials.map((m) => m.code));
  return materials.flatMap((material, index) => (codes.has(material.materialCode) ? [{ material, index }] : []));
};

/** 一件事: one application for a bundle, written as linked cases handled in parallel. */
export function bundleCommandRpcs(deps: AcceptanceRpcDependencies): Pick<ServiceImplementation<typeof AcceptanceServiceService>, 'submitBundle'> {
  const intake = applicationIntake(deps);
  const decideCase = caseDecider(deps.calendars);

  /**
   * Every member case must be receivable as applied for before anything is written: a bundle is
   * all or nothing. Violations name the field as the caller sent it.
   */
  const checkMembers = (items: readonly ServiceItem[], application: ReceivedApplication, context: CallContext, now: Date) => {
    const violations: FieldViolation[] = application.materials.flatMap((material, index) =>
      items.some((item) => item.materials.some((m) => m.code === material.materialCode))
        ? []
        : [{ field: `materials[${index}].material_code`, description: 'is not a material of any item of the bundle' }],
    );
    for (const item of items) {
      const share = shareOf(item, application.materials);
      const command = intake.submitCommand({ item, application: { ...application, materials: share.map((s) => s.material) }, caseNumber: '', bundleId: '', context, now });
      try {
        decideCase.decide(command, { status: 'none' });
      } catch (error) {
        if (error instanceof FailedPreconditionError) throw new FailedPreconditionError(`${item.name} (${item.itemCode}): ${error.message}`);
        if (!(error instanceof ValidationError)) throw error;
        for (const violation of error.violations) {
          const field = violation.field.replace(/^materials\[(\d+)\]/, (_, k: string) => `materials[${share[Number(k)]?.index ?? k}]`);
          violations.push({ field, description: `${violation.description} (${item.itemCode})` });
        }
      }
    }
    if (violations.length > 0) throw new ValidationError(violations);
  };

  return {
    submitBundle: {
      schema: submitBundleSchema,
      async handle(request, context) {
        const application = await intake.receive({ ...request, applicant: request.applicant! }, context);
        const identity = requestIdentity(context, request.requestId, request);
        // The bundle is written first, naming its cases and the item versions they pin; a retry
        // after a crash finds it and completes those cases, each idempotent under its own key.
        let bundle = await deps.bundles.replay(identity.idempotencyKey, identity.requestFingerprint);
        if (!bundle) {
          const definition = await deps.catalog.bundle(request.bundleCode);
          const items = await Promise.all(definition.memberItemCodes.map((code) => deps.catalog.offeredItem(code)));
          const now = deps.clock.now();
          checkMembers(items, application, context, now);
          const members = [];
          for (const item of items) members.push({ itemCode: item.itemCode, itemVersion: item.version, caseNumber: await deps.caseNumbers(item.regionCode, now) });
          const bundleId = deps.ids.newId();
          bundle = await deps.bundles.handle({
            streamId: bundleStreamId(bundleId),
            streamType: BUNDLE_STREAM_TYPE,
            command: { type: 'SubmitBundleApplication', bundleId, definition, members, applicantSubject: application.applicantSubject },
            context: { actor: actorOf(context), correlationId: '', causationId: requestCausation(identity.idempotencyKey), regionCode: definition.regionCode, traceContext: context.traceContext },
            now,
            ...identity,
          });
        }
        if (bundle.state.status === 'none') throw new Error('a submitted bundle has no state');
        const { bundleId, members } = bundle.state;
        // Written in order, so the last case's token covers the bundle and every case before it.
        let consistencyToken = bundle.consistencyToken;
        for (const [index, member] of members.entries()) {
          const item = await deps.catalog.item(member.itemCode, member.itemVersion);
          ({ consistencyToken } = await intake.submitOne({
            item,
            application: { ...application, materials: shareOf(item, application.materials).map((s) => s.material) },
            caseNumber: member.caseNumber,
            bundleId,
            context,
            idempotencyKey: `${identity.idempotencyKey}#${index}`,
            requestFingerprint: identity.requestFingerprint,
          }));
        }
        return { bundleId, caseNumbers: members.map((m) => m.caseNumber), consistencyToken };
      },
    },
  };
}
