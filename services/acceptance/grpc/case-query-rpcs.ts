import type { AcceptanceServiceService, ListCasesRequest } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { isWithin, subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { type CallContext, remainingMs } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { Query, Where } from '../../platform/readmodel/read-model-store.ts';
import { BUNDLE_APPLICATIONS, type BundleApplicationDocument } from '../app/projections/bundle-applications-projection.ts';
import { HISTORY_ACCESS, HISTORY_ENTRIES, type HistoryAccessDocument, type HistoryDocument } from '../app/projections/case-history-projection.ts';
import { CASES, type CaseDocument } from '../app/projections/case-view-projection.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from '../app/projections/wallet-projection.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { assertMayAccessCase, presentCase, presentHistoryEntry } from './case-access.ts';
import { verifiedHolderId } from './verified-holder.ts';
import { getBundleSchema, getCaseSchema, listCasesSchema, listReusableMaterialsSchema } from './request-schemas.ts';

type CaseQueries = Pick<
  ServiceImplementation<typeof AcceptanceServiceService>,
  'getCase' | 'listCases' | 'getCaseHistory' | 'watchCase' | 'listReusableMaterials' | 'getBundle'
>;

const READERS = ['ROLE_APPLICANT', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR'] as const;
/** How often a watch on a history shared by several pods reads it again (it hears only of its own pod's writes). */
const WATCH_POLL_MS = 1_000;

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

  /**
   * An applicant reads their own wallet (as verified); a clerk at a window reads the wallet of
   * whoever stands there (ID card checked); a clerk elsewhere, only of holders with a case in
   * their jurisdiction.
   */
  const assertMayReadWallet = async (holderId: string, context: CallContext) => {
    if (context.role === 'ROLE_APPLICANT') {
      if (verifiedHolderId(context, deps.holderIds) !== holderId) throw new PermissionDeniedError('applicants see their own materials only');
      return;
    }
    if (context.caller.hallId) return;
    const jurisdiction = context.caller.regionCode;
    const known = async (field: 'handlingRegionCode' | 'submittedRegionCode') =>
      (await deps.readModels.count(CASES, { holderId, [field]: { prefix: subtreePrefix(jurisdiction) } })) > 0;
    if (!jurisdiction || !((await known('handlingRegionCode')) || (await known('submittedRegionCode')))) {
      throw new PermissionDeniedError('outside a hall, a clerk sees the materials of applicants with cases in their jurisdiction only');
    }
  };

  const newestFirst: Query['orderBy'] = [['submittedAt', 'desc'], ['id', 'desc']];
  /** The same order in memory: by code unit, as the store compares. */
  const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

  /**
   * A page of the cases a caller may list, newest first: an applicant's own; for staff, those
   * handled or received in the region's subtree (the two merged, each case once).
   */
  const listedCases = async (status: Where, request: ListCasesRequest, context: CallContext, page: { offset: number; limit: number }): Promise<CaseDocument[]> => {
    const find = (where: Where) => deps.readModels.find<CaseDocument>(CASES, { where: { ...status, ...where }, orderBy: newestFirst, ...page });
    if (context.role === 'ROLE_APPLICANT') return find({ applicantSubject: context.caller.subject });
    const jurisdiction = context.caller.regionCode;
    const region = request.regionCode || jurisdiction;
    if (!jurisdiction || !isWithin(region, jurisdiction)) throw new PermissionDeniedError('the region lies outside the caller\'s jurisdiction');
    const subtree = { prefix: subtreePrefix(region) };
    if (request.hallId) return find({ hallId: request.hallId, submittedRegionCode: subtree });
    // A page of the union lies within the first offset + limit of each side.
    const firstOf = (where: Where) => deps.readModels.find<CaseDocument>(CASES, { where: { ...status, ...where }, orderBy: newestFirst, limit: page.offset + page.limit });
    const [handled, received] = await Promise.all([firstOf({ handlingRegionCode: subtree }), firstOf({ submittedRegionCode: subtree })]);
    const union = new Map([...handled!, ...received!].map((d) => [d.id, d]));
    return [...union.values()]
      .sort((a, b) => descending(a.submittedAt, b.submittedAt) || descending(a.id, b.id))
      .slice(page.offset, page.offset + page.limit);
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
        const status: Where = request.statuses.length ? { status: { in: request.statuses } } : {};
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await listedCases(status, request, context, { offset, limit: size + 1 });
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
        return { entries: (await historyOf(request.caseNumber)).map((d) => presentHistoryEntry(HistoryEntry.fromJSON(d.entry), context)) };
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
            write({ entry: presentHistoryEntry(HistoryEntry.fromJSON(document.entry), context) });
          }
        };
        // Subscribe before the first read, so an entry recorded in between is not missed.
        let sending = Promise.resolve();
        const unsubscribe = deps.views.history.onApplied((events) => {
          if (events.some((event) => event.correlationId === request.caseNumber)) sending = sending.then(sendNew);
        });
        // Other pods record entries in a shared history too; this one only hears of its own.
        const poll = deps.views.history.shared ? setInterval(() => (sending = sending.then(sendNew)), WATCH_POLL_MS) : undefined;
        try {
          sending = sending.then(sendNew);
          await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
        } finally {
          unsubscribe();
          clearInterval(poll);
        }
      },
    },

    listReusableMaterials: {
      access: ['ROLE_APPLICANT', 'ROLE_CLERK'],
      schema: listReusableMaterialsSchema,
      async handle(request, context) {
        await waitFor(deps.views.wallet, request.consistencyToken, context);
        const holderId = deps.holderIds({ kind: request.holder!.kind, phone: '' });
        await assertMayReadWallet(holderId, context);
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
