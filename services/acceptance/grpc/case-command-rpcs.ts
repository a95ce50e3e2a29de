import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { Applicant, Case, ReusableMaterial, SubmittedMaterial } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import { isWithin } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { caseViewOf } from '../app/case-view.ts';
import { BAD_CREDIT, POLICIES, type PolicyDocument } from '../app/projections/jurisdiction-projection.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from '../app/projections/wallet-projection.ts';
import { BUNDLE_STREAM_TYPE, bundleStreamId } from '../domain/bundle/bundle-decider.ts';
import type { CaseCommand, Submitter } from '../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, caseStreamId } from '../domain/case/case-events.ts';
import type { CaseRecord } from '../domain/case/case-state.ts';
import { mayBeReceivedAt } from '../domain/case/where-received.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { assertMayAccessCase, mayAccessCase, presentCase } from './case-access.ts';
import {
  acceptCaseSchema,
  deliverResultSchema,
  refuseCaseSchema,
  requestSupplementSchema,
  submitBundleSchema,
  submitCaseSchema,
  supplyMaterialsSchema,
  withdrawCaseSchema,
} from './request-schemas.ts';

type CaseCommands = Pick<
  ServiceImplementation<typeof AcceptanceServiceService>,
  'submitCase' | 'submitBundle' | 'acceptCase' | 'requestSupplement' | 'supplyMaterials' | 'refuseCase' | 'withdrawCase' | 'deliverResult'
>;

interface Application {
  readonly applicant: Applicant;
  readonly materials: readonly SubmittedMaterial[];
  readonly submittedRegionCode: string;
  readonly applicantSubject: string;
}

const submitterOf = (context: CallContext): Submitter => (context.role === 'ROLE_APPLICANT' ? 'applicant' : 'staff');

/** Commands on cases, from every channel and the counter. */
export function caseCommandRpcs(deps: AcceptanceRpcDependencies): CaseCommands {
  const { cases } = deps;

  const walletOf = async (holderId: string): Promise<ReusableMaterial[]> =>
    (await deps.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId } })).map(({ id: _id, holderId: _holder, ...entry }) => entry);

  /** Who owns the application, where it is received, and through which channel: checked once for cases and bundles. */
  const receive = (application: Application, context: CallContext) => {
    if (context.channel === 'CHANNEL_UNSPECIFIED') {
      throw ValidationError.field('metadata.ow-channel', 'is required to submit: the channel the application comes through');
    }
    const applicantSubject = context.role === 'ROLE_APPLICANT' ? context.caller.subject : application.applicantSubject;
    if (!applicantSubject) throw ValidationError.field('applicant_subject', 'is required when staff submit for an applicant');
    if (!deps.regions.has(application.submittedRegionCode)) throw ValidationError.field('submitted_region_code', 'must be a region this installation serves');
    if (context.role === 'ROLE_CLERK' && !(context.caller.regionCode && isWithin(application.submittedRegionCode, context.caller.regionCode))) {
      throw new PermissionDeniedError('a clerk submits only in their own jurisdiction');
    }
    return applicantSubject;
  };

  /** Writes one case of an application (alone, or one of a bundle). */
  const submitOne = async (options: {
    item: ServiceItem;
    application: Application;
    applicantSubject: string;
    caseNumber?: string;
    bundleId: string;
    context: CallContext;
    idempotencyKey: string;
    requestFingerprint: string;
  }) => {
    const { item, application, context } = options;
    const now = deps.clock.now();
    const caseNumber = options.caseNumber ?? (await deps.caseNumbers(item.regionCode, now));
    const holderId = deps.holderIds(application.applicant);
    const result = await cases.handle({
      streamId: caseStreamId(caseNumber),
      streamType: CASE_STREAM_TYPE,
      command: {
        type: 'SubmitCase',
        caseNumber,
        item,
        applicant: application.applicant,
        holderId,
        materials: application.materials,
        submittedRegionCode: application.submittedRegionCode,
        channel: context.channel,
        submitter: submitterOf(context),
        applicantSubject: options.applicantSubject,
        bundleId: options.bundleId,
        reusable: await walletOf(holderId),
        now,
      },
      context: { actor: actorOf(context), correlationId: caseNumber, causationId: requestCausation(options.idempotencyKey), regionCode: item.regionCode, traceContext: context.traceContext },
      now,
      idempotencyKey: options.idempotencyKey,
      requestFingerprint: options.requestFingerprint,
    });
    if (result.state.status === 'none') throw new Error('a submitted case has no state');
    return { caseNumber: result.state.submitted.caseNumber, consistencyToken: result.consistencyToken };
  };

  /** Runs a command on an existing case as the caller; answers with the case as it now stands. */
  const onCase = async (
    request: { readonly requestId: string; readonly caseNumber: string },
    context: CallContext,
    build: (record: CaseRecord, item: ServiceItem, now: Date) => CaseCommand | Promise<CaseCommand>,
    mayAct: (record: CaseRecord, item: ServiceItem) => boolean = (record) => mayAccessCase(context, record.submitted),
  ): Promise<{ case: Case; consistencyToken: string }> => {
    const streamId = caseStreamId(request.caseNumber);
    const { state } = await cases.load(streamId);
    if (state.status === 'none') throw new NotFoundError(`case ${request.caseNumber} does not exist`);
    const item = await deps.catalog.item(state.submitted.itemCode, state.submitted.itemVersion);
    if (!mayAct(state, item)) assertMayAccessCase(context, state.submitted);
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
    return { case: presentCase(view!, context), consistencyToken: result.consistencyToken };
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
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: submitCaseSchema,
      async handle(request, context) {
        const application = { ...request, applicant: request.applicant! };
        const applicantSubject = receive(application, context);
        const identity = requestIdentity(context, request.requestId, request);
        // A retry must not burn a new case number: answer it before allocating one.
        const earlier = await cases.replay(identity.idempotencyKey, identity.requestFingerprint);
        if (earlier && earlier.state.status !== 'none') {
          return { caseNumber: earlier.state.submitted.caseNumber, consistencyToken: earlier.consistencyToken };
        }
        return submitOne({ item: await deps.catalog.offeredItem(request.itemCode), application, applicantSubject, bundleId: '', context, ...identity });
      },
    },

    submitBundle: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: submitBundleSchema,
      async handle(request, context) {
        const application = { ...request, applicant: request.applicant! };
        const applicantSubject = receive(application, context);
        const identity = requestIdentity(context, request.requestId, request);
        const definition = await deps.catalog.bundle(request.bundleCode);
        const members = await Promise.all(definition.memberItemCodes.map((code) => deps.catalog.offeredItem(code)));
        // The bundle is written first, naming its cases; a retry after a crash finds it and
        // completes the cases it names, each idempotent under its own key.
        let bundle = await deps.bundles.replay(identity.idempotencyKey, identity.requestFingerprint);
        if (!bundle) {
          const now = deps.clock.now();
          const caseNumbers = [];
          for (const item of members) caseNumbers.push(await deps.caseNumbers(item.regionCode, now));
          const bundleId = deps.ids.newId();
          bundle = await deps.bundles.handle({
            streamId: bundleStreamId(bundleId),
            streamType: BUNDLE_STREAM_TYPE,
            command: { type: 'SubmitBundleApplication', bundleId, definition, caseNumbers, applicantSubject },
            context: { actor: actorOf(context), correlationId: '', causationId: requestCausation(identity.idempotencyKey), regionCode: definition.regionCode, traceContext: context.traceContext },
            now,
            ...identity,
          });
        }
        if (bundle.state.status === 'none') throw new Error('a submitted bundle has no state');
        const { bundleId, caseNumbers } = bundle.state;
        for (const [index, item] of members.entries()) {
          const codes = new Set(item.materials.map((m) => m.code));
          await submitOne({
            item,
            application: { ...application, materials: request.materials.filter((m) => codes.has(m.materialCode)) },
            applicantSubject,
            caseNumber: caseNumbers[index]!,
            bundleId,
            context,
            idempotencyKey: `${identity.idempotencyKey}#${index}`,
            requestFingerprint: identity.requestFingerprint,
          });
        }
        return { bundleId, caseNumbers: [...caseNumbers], consistencyToken: bundle.consistencyToken };
      },
    },

    acceptCase: {
      access: ['ROLE_CLERK'],
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
      access: ['ROLE_CLERK'],
      schema: requestSupplementSchema,
      handle: (request, context) =>
        onCase(request, context, (_record, item, now) => ({ type: 'RequestSupplement', item, items: request.items.map((i) => ({ ...i, materialName: '' })), now })),
    },

    supplyMaterials: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: supplyMaterialsSchema,
      handle: (request, context) =>
        onCase(request, context, async (record, item, now) => ({
          type: 'SupplyMaterials',
          item,
          materials: request.materials,
          submitter: submitterOf(context),
          reusable: await walletOf(record.submitted.holderId),
          now,
        })),
    },

    refuseCase: {
      access: ['ROLE_CLERK'],
      schema: refuseCaseSchema,
      handle: (request, context) => onCase(request, context, (_record, _item, now) => ({ type: 'RefuseCase', reason: request.reason, legalBasis: request.legalBasis, now })),
    },

    withdrawCase: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: withdrawCaseSchema,
      handle: (request, context) => onCase(request, context, (_record, _item, now) => ({ type: 'WithdrawCase', reason: request.reason, now })),
    },

    deliverResult: {
      access: ['ROLE_CLERK'],
      schema: deliverResultSchema,
      // 收受分离: a window may hand the result over wherever the item could have been received.
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
            now,
          }),
          (record, item) =>
            mayAccessCase(context, record.submitted) ||
            (Boolean(context.caller.regionCode) && mayBeReceivedAt(item, context.caller.regionCode, 'CHANNEL_COUNTER')),
        ),
    },
  };
}
