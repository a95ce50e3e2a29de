import type { AcceptanceServiceService, DeliverResultRequest } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Case } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import { NotFoundError, ValidationError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { caseViewOf } from '../app/case-view.ts';
import { BAD_CREDIT, POLICIES, type PolicyDocument } from '../app/projections/jurisdiction-projection.ts';
import type { CaseCommand } from '../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, caseStreamId } from '../domain/case/case-events.ts';
import type { CaseRecord } from '../domain/case/case-state.ts';
import { mayBeReceivedAt } from '../domain/case/where-received.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { applicationIntake, submitterOf } from './application-intake.ts';
import { assertMayAccessCase, caseResource, mayAccessCase, presentCase } from './case-access.ts';
import {
  acceptCaseSchema,
  deliverResultSchema,
  refuseCaseSchema,
  requestSupplementSchema,
  submitCaseSchema,
  supplyMaterialsSchema,
  withdrawCaseSchema,
} from './request-schemas.ts';

type CaseCommands = Pick<
  ServiceImplementation<typeof AcceptanceServiceService>,
  'submitCase' | 'acceptCase' | 'requestSupplement' | 'supplyMaterials' | 'refuseCase' | 'withdrawCase' | 'deliverResult'
>;

/** Commands on cases, from every channel and the counter. */
export function caseCommandRpcs(deps: AcceptanceRpcDependencies): CaseCommands {
  const { cases } = deps;
  const intake = applicationIntake(deps);

  /** Runs a command on an existing case as the caller; answers with the case as it now stands. */
  const onCase = async (
    request: { readonly requestId: string; readonly caseNumber: string },
    context: CallContext,
    build: (record: CaseRecord, item: ServiceItem, now: Date) => CaseCommand | Promise<CaseCommand>,
    /** The one resource check (the policy table's scope); by default, the case. */
    authorizeCase: (record: CaseRecord, item: ServiceItem) => void = (record) => assertMayAccessCase(context, record.submitted),
  ): Promise<{ case: Case; consistencyToken: string }> => {
    const streamId = caseStreamId(request.caseNumber);
    const { state } = await cases.load(streamId);
    if (state.status === 'none') throw new NotFoundError(`case ${request.caseNumber} does not exist`);
    const item = await deps.catalog.item(state.submitted.itemCode, state.submitted.itemVersion);
    authorizeCase(state, item);
    const now = deps.clock.now();
    const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
    const result = await cases.handle({
      streamId,
      streamType: CASE_STREAM_TYPE,
      command: await build(state, item, now),
      context: {
        actor: actorOf(context),
        correlationId: request.caseNumber,
        causationId: requestCausation(idempotencyKey),
        regionCode: state.submitted.handlingRegionCode,
        traceContext: context.traceContext,
      },
      now,
      idempotencyKey,
      requestFingerprint,
    });
    const view = caseViewOf((await cases.load(streamId)).events);
    return { case: presentCase(view!, context, mayAccessCase(context, state.submitted)), consistencyToken: result.consistencyToken };
  };

  /** A jurisdiction's policy is its own, else the nearest ancestor's; 容缺 is off by default. */
  const toleranceEnabled = async (regionCode: string) => {
    for (const region of deps.regions.lineage(regionCode).reverse()) {
      const policy = await deps.readModels.get<PolicyDocument>(POLICIES, region.code);
      if (policy) return policy.toleranceAcceptance;
    }
    return false;
  };

  return {
    submitCase: {
      schema: submitCaseSchema,
      async handle(request, context) {
        const application = await intake.receive({ ...request, applicant: request.applicant! }, context);
        const identity = requestIdentity(context, request.requestId, request);
        // A retry must not burn a new case number: answer it before allocating one.
        const earlier = await cases.replay(identity.idempotencyKey, identity.requestFingerprint);
        if (earlier && earlier.state.status !== 'none') {
          return { caseNumber: earlier.state.submitted.caseNumber, consistencyToken: earlier.consistencyToken };
        }
        return intake.submitOne({ item: await deps.catalog.offeredItem(request.itemCode), application, bundleId: '', context, ...identity });
      },
    },

    acceptCase: {
      schema: acceptCaseSchema,
      handle: (request, context) =>
        onCase(request, context, async (record, item, now) => ({
          type: 'AcceptCase',
          item,
          mode: request.mode,
          catchUpWorkingDays: request.catchUpWorkingDays,
          toleranceEnabled: await toleranceEnabled(record.submitted.handlingRegionCode),
          badCredit: Boolean(await deps.readModels.get(BAD_CREDIT, record.submitted.holderId)),
          now,
        })),
    },

    requestSupplement: {
      schema: requestSupplementSchema,
      handle: (request, context) =>
        onCase(request, context, (_record, item, now) => ({ type: 'RequestSupplement', item, items: request.items.map((i) => ({ ...i, materialName: '' })), now })),
    },

    supplyMaterials: {
      schema: supplyMaterialsSchema,
      handle: (request, context) =>
        onCase(request, context, async (record, item, now) => ({
          type: 'SupplyMaterials',
          item,
          materials: request.materials,
          submitter: submitterOf(context),
          reusable: await intake.walletOf(record.submitted.holderId),
          now,
        })),
    },

    refuseCase: {
      schema: refuseCaseSchema,
      handle: (request, context) => onCase(request, context, (_record, _item, now) => ({ type: 'RefuseCase', reason: request.reason, legalBasis: request.legalBasis, now })),
    },

    withdrawCase: {
      schema: withdrawCaseSchema,
      handle: (request, context) => onCase(request, context, (_record, _item, now) => ({ type: 'WithdrawCase', reason: request.reason, now })),
    },

    deliverResult: {
      schema: deliverResultSchema,
      handle: (request, context) =>
        onCase(
          request,
          context,
          (_record, _item, now) => ({
            type: 'DeliverResult',
            method: request.method,
            hallId: context.caller.hallId,
            regionCode: context.caller.regionCode,
            trackingNumber: request.trackingNumber,
            collectorHolderId: request.collector ? deps.holderIds(request.collector) : '',
            now,
          }),
          (record, item) => authorizeHandOver(request, context, record, item),
        ),
    },
  };
}

/**
 * 收受分离 and 跨省通办: a window outside the case's jurisdiction may hand the result over where
 * the item could have been received, to the applicant in person, whose ID card the clerk checked.
 */
function authorizeHandOver(request: DeliverResultRequest, context: CallContext, record: CaseRecord, item: ServiceItem): void {
  const atWindow = request.method === 'DELIVERY_METHOD_WINDOW';
  const reach = context.authorize({
    ...caseResource(record.submitted),
    ...(atWindow ? { receivableAt: (regionCode: string) => mayBeReceivedAt(item, regionCode, 'CHANNEL_COUNTER') } : {}),
  });
  if (reach === 'receiving-window' && !request.collector) {
    throw ValidationError.field('collector', 'is required to hand over a result outside the handling jurisdiction: the applicant\'s ID card is checked at the window');
  }
}
