import { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CommandHandler } from '../../platform/app/command-handler.ts';
import { isWithin, subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { maskPersonalData } from '../../platform/logging/mask-personal-data.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { SequenceStore } from '../../platform/sequence/sequence-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { CaseCommand } from '../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../domain/case/case-events.ts';
import type { CaseState } from '../domain/case/case-state.ts';
import {
  type PublishServiceItem,
  type ServiceItemEvent,
  type ServiceItemState,
  serviceItemStreamId,
} from '../domain/catalog/service-item-decider.ts';
import { allocateCaseNumber } from '../app/case-numbers.ts';
import { caseViewOf } from '../app/case-view.ts';
import { CASES, type CaseDocument } from '../app/projections/case-view-projection.ts';
import { HISTORY_ACCESS, HISTORY_ENTRIES, type HistoryAccessDocument, type HistoryDocument } from '../app/projections/case-history-projection.ts';
import { SERVICE_ITEMS, type ServiceItemDocument } from '../app/projections/catalog-projection.ts';
import {
  acceptCaseSchema,
  getCaseSchema,
  getServiceItemSchema,
  listServiceItemsSchema,
  submitCaseSchema,
} from './request-schemas.ts';

export interface AcceptanceRpcDependencies {
  readonly cases: CommandHandler<CaseCommand, CaseEvent, CaseState>;
  readonly items: CommandHandler<PublishServiceItem, ServiceItemEvent, ServiceItemState>;
  readonly readModels: ReadModelReader;
  readonly caseView: ReadModelWaiter;
  readonly history: ReadModelWaiter;
  readonly sequences: SequenceStore;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
}

const STAFF = ['ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR'] as const;

/** Roles that work with the applicant's identity; everyone else sees it masked. */
const seesPersonalData = (context: CallContext) => context.role === 'ROLE_APPLICANT' || context.role === 'ROLE_CLERK';

/** Applicants read their own cases; staff read cases submitted or handled inside their jurisdiction. */
function assertMayRead(context: CallContext, access: { applicantSubject: string; handlingRegionCode: string; submittedRegionCode: string }): void {
  if (context.role === 'ROLE_APPLICANT') {
    if (access.applicantSubject !== context.caller.subject) throw new PermissionDeniedError('applicants may read their own cases only');
    return;
  }
  const jurisdiction = context.caller.regionCode;
  if (!jurisdiction || !(isWithin(access.handlingRegionCode, jurisdiction) || isWithin(access.submittedRegionCode, jurisdiction))) {
    throw new PermissionDeniedError('the case lies outside the caller\'s jurisdiction');
  }
}

export function acceptanceRpc(deps: AcceptanceRpcDependencies): ServiceImplementation<typeof AcceptanceServiceService> {
  const waitFor = (runner: ReadModelWaiter, token: string, context: CallContext) =>
    runner.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);

  const loadItem = async (itemCode: string, version = 0): Promise<ServiceItem> => {
    const { state } = await deps.items.load(serviceItemStreamId(itemCode));
    const item = version === 0 ? state.versions.at(-1) : state.versions[version - 1];
    if (!item) throw new NotFoundError(`service item ${itemCode}${version ? ` version ${version}` : ''} does not exist`);
    return item;
  };


  const present = (view: Case, context: CallContext): Case => (seesPersonalData(context) ? view : maskPersonalData(view));

  return {
    listServiceItems: {
      access: 'any-authenticated',
      schema: listServiceItemsSchema,
      async handle(request) {
        const documents = await deps.readModels.find<ServiceItemDocument>(SERVICE_ITEMS, {
          where: {
            ...(request.regionCode ? { regionCode: { prefix: subtreePrefix(request.regionCode) } } : {}),
            ...(request.level !== 'LEVEL_UNSPECIFIED' ? { handlingLevel: request.level } : {}),
          },
          orderBy: [['name', 'asc']],
        });
        const matching = documents.filter(
          (d) =>
            (!request.keyword || d.name.includes(request.keyword)) &&
            (request.channel === 'CHANNEL_UNSPECIFIED' || d.channels.includes(request.channel)),
        );
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        return {
          items: matching.slice(offset, offset + size).map((d) => ServiceItem.fromJSON(d.item)),
          nextPageToken: nextPageToken(offset, size, matching.length > offset + size),
        };
      },
    },

    getServiceItem: {
      access: 'any-authenticated',
      schema: getServiceItemSchema,
      async handle(request) {
        return { item: await loadItem(request.itemCode, request.version) };
      },
    },

    submitCase: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: submitCaseSchema,
      async handle(request, context) {
        if (context.channel === 'CHANNEL_UNSPECIFIED') {
          throw ValidationError.field('metadata.ow-channel', 'is required to submit a case: the channel the application comes through');
        }
        const applicantSubject = context.role === 'ROLE_APPLICANT' ? context.caller.subject : request.applicantSubject;
        if (!applicantSubject) throw ValidationError.field('applicant_subject', 'is required when staff submit for an applicant');
        if (context.role === 'ROLE_CLERK' && !(context.caller.regionCode && isWithin(request.submittedRegionCode, context.caller.regionCode))) {
          throw new PermissionDeniedError('a clerk submits only in their own jurisdiction');
        }
        const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
        // A retry must not burn a new case number: answer it before allocating one.
        const earlier = await deps.cases.replay(idempotencyKey, requestFingerprint);
        if (earlier && earlier.state.status !== 'none') {
          return { caseNumber: earlier.state.submitted.caseNumber, consistencyToken: earlier.consistencyToken };
        }
        const item = await loadItem(request.itemCode);
        const now = deps.clock.now();
        const caseNumber = await allocateCaseNumber(deps.sequences, item.regionCode, now);
        const result = await deps.cases.handle({
          streamId: caseStreamId(caseNumber),
          streamType: CASE_STREAM_TYPE,
          command: {
            type: 'SubmitCase',
            caseNumber,
            item,
            applicant: request.applicant!,
            materials: request.materials,
            submittedRegionCode: request.submittedRegionCode,
            channel: context.channel,
            applicantSubject,
            now,
          },
          context: {
            actor: actorOf(context),
            correlationId: caseNumber,
            causationId: idempotencyKey,
            regionCode: item.regionCode,
            traceContext: context.traceContext,
          },
          now,
          idempotencyKey,
          requestFingerprint,
        });
        if (result.state.status === 'none') throw new Error('a submitted case has no state');
        return { caseNumber: result.state.submitted.caseNumber, consistencyToken: result.consistencyToken };
      },
    },

    acceptCase: {
      access: ['ROLE_CLERK'],
      schema: acceptCaseSchema,
      async handle(request, context) {
        const { state } = await deps.cases.load(caseStreamId(request.caseNumber));
        if (state.status === 'none') throw new NotFoundError(`case ${request.caseNumber} does not exist`);
        assertMayRead(context, { ...state.submitted });
        const item = await loadItem(state.submitted.itemCode, state.submitted.itemVersion);
        const now = deps.clock.now();
        const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
        const result = await deps.cases.handle({
          streamId: caseStreamId(request.caseNumber),
          streamType: CASE_STREAM_TYPE,
          command: { type: 'AcceptCase', item, now },
          context: {
            actor: actorOf(context),
            correlationId: request.caseNumber,
            causationId: idempotencyKey,
            regionCode: state.submitted.handlingRegionCode,
            traceContext: context.traceContext,
          },
          now,
          idempotencyKey,
          requestFingerprint,
        });
        const { events } = await deps.cases.load(caseStreamId(request.caseNumber));
        return { case: present(caseViewOf(events)!, context), consistencyToken: result.consistencyToken };
      },
    },

    getCase: {
      access: ['ROLE_APPLICANT', ...STAFF],
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.caseView, request.consistencyToken, context);
        const document = await deps.readModels.get<CaseDocument>(CASES, request.caseNumber);
        if (!document) throw new NotFoundError(`case ${request.caseNumber} does not exist`);
        assertMayRead(context, { ...document });
        return { case: present(Case.fromJSON(document.view), context) };
      },
    },

    getCaseHistory: {
      access: ['ROLE_APPLICANT', ...STAFF],
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.history, request.consistencyToken, context);
        const access = await deps.readModels.get<HistoryAccessDocument>(HISTORY_ACCESS, request.caseNumber);
        if (!access) throw new NotFoundError(`case ${request.caseNumber} has no history`);
        assertMayRead(context, access);
        const documents = await deps.readModels.find<HistoryDocument>(HISTORY_ENTRIES, {
          where: { caseNumber: request.caseNumber },
          orderBy: [['occurredAt', 'asc'], ['streamId', 'asc'], ['streamVersion', 'asc']],
        });
        return { entries: documents.map((d) => HistoryEntry.fromJSON(d.entry)) };
      },
    },
  };
}
