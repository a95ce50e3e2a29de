import type { AcceptanceServiceService } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { isWithin, subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { BUNDLE_APPLICATIONS, type BundleApplicationDocument } from '../app/projections/bundle-applications-projection.ts';
import { HISTORY_ACCESS, HISTORY_ENTRIES, type HistoryAccessDocument, type HistoryDocument } from '../app/projections/case-history-projection.ts';
import { CASES, type CaseDocument } from '../app/projections/case-view-projection.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from '../app/projections/wallet-projection.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { assertMayAccessCase, presentCase } from './case-access.ts';
import { getBundleSchema, getCaseSchema, listCasesSchema, listReusableMaterialsSchema } from './request-schemas.ts';

type CaseQueries = Pick<
  ServiceImplementation<typeof AcceptanceServiceService>,
  'getCase' | 'listCases' | 'getCaseHistory' | 'watchCase' | 'listReusableMaterials' | 'getBundle'
>;

const READERS = ['ROLE_APPLICANT', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR'] as const;

/** What channels read about cases; every query honours a consistency token. */
export function caseQueryRpcs(deps: AcceptanceRpcDependencies): CaseQueries {
  const waitFor = (view: ReadModelWaiter, token: string, context: CallContext) =>
    view.waitFor(decodeConsistencyToken(token), Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);

  const historyAccess = async (caseNumber: string, context: CallContext) => {
    const access = await deps.readModels.get<HistoryAccessDocument>(HISTORY_ACCESS, caseNumber);
    if (!access) throw new NotFoundError(`case ${caseNumber} has no history`);
    assertMayAccessCase(context, access);
  };

  const historyOf = async (caseNumber: string) =>
    deps.readModels.find<HistoryDocument>(HISTORY_ENTRIES, {
      where: { caseNumber },
      orderBy: [['occurredAt', 'asc'], ['streamId', 'asc'], ['streamVersion', 'asc']],
    });

  const caseDocument = async (caseNumber: string, context: CallContext) => {
    const document = await deps.readModels.get<CaseDocument>(CASES, caseNumber);
    if (!document) throw new NotFoundError(`case ${caseNumber} does not exist`);
    assertMayAccessCase(context, document);
    return document;
  };

  return {
    getCase: {
      access: READERS,
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.views.cases, request.consistencyToken, context);
        return { case: presentCase(Case.fromJSON((await caseDocument(request.caseNumber, context)).view), context) };
      },
    },

    listCases: {
      access: READERS,
      schema: listCasesSchema,
      async handle(request, context) {
        await waitFor(deps.views.cases, request.consistencyToken, context);
        const where: Record<string, Where[string]> = request.statuses.length ? { status: { in: request.statuses } } : {};
        if (context.role === 'ROLE_APPLICANT') {
          where.applicantSubject = context.caller.subject;
        } else {
          const jurisdiction = context.caller.regionCode;
          const region = request.regionCode || jurisdiction;
          if (!jurisdiction || !isWithin(region, jurisdiction)) throw new PermissionDeniedError('the region lies outside the caller\'s jurisdiction');
          if (request.hallId) {
            where.hallId = request.hallId;
            where.submittedRegionCode = { prefix: subtreePrefix(region) };
          } else {
            where.handlingRegionCode = { prefix: subtreePrefix(region) };
          }
        }
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<CaseDocument>(CASES, { where, orderBy: [['submittedAt', 'desc']], limit: size + 1, offset });
        return {
          cases: documents.slice(0, size).map((d) => presentCase(Case.fromJSON(d.view), context)),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },

    getCaseHistory: {
      access: READERS,
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.views.history, request.consistencyToken, context);
        await historyAccess(request.caseNumber, context);
        return { entries: (await historyOf(request.caseNumber)).map((d) => HistoryEntry.fromJSON(d.entry)) };
      },
    },

    watchCase: {
      access: READERS,
      schema: getCaseSchema,
      /**
       * The entries so far, then each new one as it is recorded. The history records an entry only
       * after its cause, so a watcher always sees causes before effects.
       */
      async stream(request, context, write) {
        await waitFor(deps.views.history, request.consistencyToken, context);
        await historyAccess(request.caseNumber, context);
        const sent = new Set<string>();
        const sendNew = async () => {
          for (const document of await historyOf(request.caseNumber)) {
            if (sent.has(document.id) || context.signal.aborted) continue;
            sent.add(document.id);
            write({ entry: HistoryEntry.fromJSON(document.entry) });
          }
        };
        // Subscribe before the first read, so an entry recorded in between is not missed.
        let sending = Promise.resolve();
        const unsubscribe = deps.views.history.onApplied((events) => {
          if (events.some((event) => event.correlationId === request.caseNumber)) sending = sending.then(sendNew);
        });
        try {
          sending = sending.then(sendNew);
          await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
        } finally {
          unsubscribe();
        }
      },
    },

    listReusableMaterials: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: listReusableMaterialsSchema,
      async handle(request, context) {
        await waitFor(deps.views.wallet, request.consistencyToken, context);
        const holderId = deps.holderIds({ kind: request.holder!.kind, phone: '' });
        // An applicant sees the wallet of a holder they applied as; for anyone else, nothing (not
        // even whether it exists).
        if (context.role === 'ROLE_APPLICANT') {
          const own = await deps.readModels.find<CaseDocument>(CASES, { where: { holderId, applicantSubject: context.caller.subject }, limit: 1 });
          if (own.length === 0) return { materials: [] };
        }
        return { materials: (await deps.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId }, orderBy: [['issuedOn', 'desc']] })).map(({ id: _id, holderId: _h, ...entry }) => entry) };
      },
    },

    getBundle: {
      access: READERS,
      schema: getBundleSchema,
      async handle(request, context) {
        await waitFor(deps.views.bundles, request.consistencyToken, context);
        const bundle = await deps.readModels.get<BundleApplicationDocument>(BUNDLE_APPLICATIONS, request.bundleId);
        if (!bundle) throw new NotFoundError(`bundle application ${request.bundleId} does not exist`);
        const cases = [];
        for (const caseNumber of bundle.caseNumbers) {
          const document = await deps.readModels.get<CaseDocument>(CASES, caseNumber);
          if (document) {
            assertMayAccessCase(context, document);
            cases.push(presentCase(Case.fromJSON(document.view), context));
          }
        }
        if (context.role === 'ROLE_APPLICANT' && bundle.applicantSubject !== context.caller.subject) {
          throw new PermissionDeniedError('applicants may reach their own applications only');
        }
        return { bundle: { bundleId: bundle.id, bundleCode: bundle.bundleCode, name: bundle.name, cases, outcome: bundle.outcome } };
      },
    },
  };
}
