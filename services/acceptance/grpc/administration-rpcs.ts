import {
  type AdministrationServiceService,
} from '../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import type { Payload } from '../../platform/events/event-codec.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import { accountSubject, holderSubject } from '../../platform/privacy/data-subjects.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { CALENDAR_STREAM_ID, CALENDAR_STREAM_TYPE } from '../domain/administration/calendar-decider.ts';
import { creditStreamId, erasureStreamId, policyStreamId } from '../domain/administration/jurisdiction-records.ts';
import { caseStreamId } from '../domain/case/case-events.ts';
import { BUNDLE_DEFINITION_STREAM_TYPE, bundleDefinitionStreamId } from '../domain/catalog/bundle-definition-decider.ts';
import { SERVICE_ITEM_STREAM_TYPE, serviceItemStreamId } from '../domain/catalog/service-item-decider.ts';
import { CASES, type CaseDocument } from '../app/projections/case-view-projection.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import {
  eraseDataSubjectSchema,
  loadHolidayNoticeSchema,
  publishBundleSchema,
  publishServiceItemSchema,
  recordBadCreditSchema,
  retireServiceItemSchema,
  setCalendarOverrideSchema,
  setJurisdictionPolicySchema,
} from './request-schemas.ts';


/** Operators maintain the catalog, the calendar and jurisdictions' records (every change an event). */
export function administrationRpcs(deps: AcceptanceRpcDependencies): ServiceImplementation<typeof AdministrationServiceService> {
  const knownRegion = (code: string) => deps.regions.has(code);

  /**
   * The accounts that applied as the holder themselves (an applicant applies only as the identity
   * their account was verified as), not staff or agents who applied for them and for others too.
   */
  const accountsVerifiedAs = async (holderId: string): Promise<Set<string>> => {
    const accounts = new Set<string>();
    for (const document of await deps.readModels.find<CaseDocument>(CASES, { where: { holderId } })) {
      if (accounts.has(document.applicantSubject)) continue;
      const submitted = (await deps.cases.load(caseStreamId(document.id))).events[0];
      if (submitted?.actor.role === 'ROLE_APPLICANT' && submitted.actor.subject === document.applicantSubject) accounts.add(document.applicantSubject);
    }
    return accounts;
  };

  /** Runs an operator's command on a stream, idempotent under the request id. */
  const record = async <C, P extends Payload, S>(
    handler: CommandHandler<C, P, S>,
    target: { streamId: string; streamType: string; regionCode: string },
    request: { requestId: string },
    context: CallContext,
    command: C,
  ) => {
    const now = deps.clock.now();
    const identity = requestIdentity(context, request.requestId, request);
    return handler.handle({
      streamId: target.streamId,
      streamType: target.streamType,
      command,
      context: { actor: actorOf(context), correlationId: '', causationId: requestCausation(identity.idempotencyKey), regionCode: target.regionCode, traceContext: context.traceContext },
      now,
      ...identity,
    });
  };

  return {
    publishServiceItem: {
      schema: publishServiceItemSchema,
      async handle(request, context) {
        const { version: _version, ...item } = request.item!;
        const result = await record(deps.items, { streamId: serviceItemStreamId(item.itemCode), streamType: SERVICE_ITEM_STREAM_TYPE, regionCode: item.regionCode }, request, context, {
          type: 'PublishServiceItem',
          item,
          knownRegion,
        });
        return { version: result.state.versions.at(-1)?.version ?? 0, consistencyToken: result.consistencyToken };
      },
    },

    retireServiceItem: {
      schema: retireServiceItemSchema,
      async handle(request, context) {
        const item = await deps.catalog.item(request.itemCode);
        const result = await record(deps.items, { streamId: serviceItemStreamId(request.itemCode), streamType: SERVICE_ITEM_STREAM_TYPE, regionCode: item.regionCode }, request, context, {
          type: 'RetireServiceItem',
          reason: request.reason,
        });
        return { consistencyToken: result.consistencyToken };
      },
    },

    publishBundle: {
      schema: publishBundleSchema,
      async handle(request, context) {
        const { version: _version, ...bundle } = request.bundle!;
        const offered = new Set<string>();
        for (const code of bundle.memberItemCodes) {
          if (await deps.catalog.offeredItem(code).then(() => true, () => false)) offered.add(code);
        }
        const result = await record(
          deps.bundleDefinitions,
          { streamId: bundleDefinitionStreamId(bundle.bundleCode), streamType: BUNDLE_DEFINITION_STREAM_TYPE, regionCode: bundle.regionCode },
          request,
          context,
          { type: 'PublishBundle', bundle, knownRegion, offeredItem: (code) => offered.has(code) },
        );
        return { version: result.state.versions.at(-1)?.version ?? 0, consistencyToken: result.consistencyToken };
      },
    },

    loadHolidayNotice: {
      schema: loadHolidayNoticeSchema,
      async handle(request, context) {
        const result = await record(deps.calendar, { streamId: CALENDAR_STREAM_ID, streamType: CALENDAR_STREAM_TYPE, regionCode: '' }, request, context, {
          type: 'LoadHolidayNotice',
          notice: request.notice!,
        });
        return { consistencyToken: result.consistencyToken };
      },
    },

    setCalendarOverride: {
      schema: setCalendarOverrideSchema,
      async handle(request, context) {
        const override = request.override!;
        const result = await record(deps.calendar, { streamId: CALENDAR_STREAM_ID, streamType: CALENDAR_STREAM_TYPE, regionCode: override.regionCode }, request, context, {
          type: 'SetCalendarOverride',
          override,
          knownRegion,
        });
        return { consistencyToken: result.consistencyToken };
      },
    },

    setJurisdictionPolicy: {
      schema: setJurisdictionPolicySchema,
      async handle(request, context) {
        const policy = request.policy!;
        const result = await record(deps.jurisdictions, { streamId: policyStreamId(policy.regionCode), streamType: 'jurisdiction-policy', regionCode: policy.regionCode }, request, context, {
          type: 'SetJurisdictionPolicy',
          policy,
          knownRegion,
        });
        return { consistencyToken: result.consistencyToken };
      },
    },

    recordBadCredit: {
      schema: recordBadCreditSchema,
      async handle(request, context) {
        const holderId = deps.holderIds({ kind: request.holder!.kind, phone: '' });
        const result = await record(deps.jurisdictions, { streamId: creditStreamId(holderId), streamType: 'credit-record', regionCode: '' }, request, context, {
          type: 'RecordBadCredit',
          holderId,
          reason: request.reason,
        });
        return { consistencyToken: result.consistencyToken };
      },
    },
    eraseDataSubject: {
      schema: eraseDataSubjectSchema,
      async handle(request, context) {
        const holderId = deps.holderIds({ kind: request.holder!.kind, phone: '' });
        // Destroy first, record after: a retry after a failure in between erases nothing more and records once.
        let keysErased = await deps.personalData.erase(holderSubject(holderId));
        for (const account of await accountsVerifiedAs(holderId)) keysErased += await deps.personalData.erase(accountSubject(account));
        const result = await record(deps.jurisdictions, { streamId: erasureStreamId(holderId), streamType: 'data-subject-erasure', regionCode: '' }, request, context, {
          type: 'RecordErasure',
          holderId,
          reason: request.reason,
          keysErased,
        });
        const recorded = result.events.at(-1)?.payload;
        return { keysErased: recorded?.$case === 'dataSubjectErased' ? recorded.value.keysErased : keysErased, consistencyToken: result.consistencyToken };
      },
    },
  };
}
