import type { AcceptanceServiceService, ListCasesRequest } from '../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case, HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError } from '../../platform/domain/errors.ts';
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
   * A wallet as the access policy sees it: the person or organisation holding it (an applicant
   * reads the one their account was verified as), and the regions of the holder's cases (a clerk
   * away from a window reads the wallets of applicants with a case in their jurisdiction; at a
   * window, whoever stands there, ID card checked).
   */
  const authorizeWallet = async (holderId: string, context: CallContext) => {
    if (context.scope === 'own') {
      context.authorize({ heldByCaller: verifiedHolderId(context, deps.holderIds) === holderId });
      return;
    }
    if (context.mayReach({})) return;
    const cases = await deps.readModels.find<CaseDocument>(CASES, { where: { holderId } });
    context.authorize({ regions: cases.flatMap((d) => [d.handlingRegionCode, d.submittedRegionCode]) });
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
    if (context.scope === 'own') {
      context.authorize({ owner: context.caller.subject });
      return find({ applicantSubject: context.caller.subject });
    }
    const region = request.regionCode || context.caller.regionCode;
    context.authorize({ regions: [region] });
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
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.views.cases, request.consistencyToken, context);
        return { case: presentCase(Case.fromJSON((await caseDocument(request.caseNumber, context)).view), context) };
      },
    },

    listCases: {
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
      schema: getCaseSchema,
      async handle(request, context) {
        await waitFor(deps.views.history, request.consistencyToken, context);
        await historyAccess(request.caseNumber, context);
        return { entries: (await historyOf(request.caseNumber)).map((d) => presentHistoryEntry(HistoryEntry.fromJSON(d.entry), context)) };
      },
    },

    watchCase: {
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
      schema: listReusableMaterialsSchema,
      async handle(request, context) {
        await waitFor(deps.views.wallet, request.consistencyToken, context);
        const holderId = deps.holderIds({ kind: request.holder!.kind, phone: '' });
        await authorizeWallet(holderId, context);
        return { materials: (await deps.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId }, orderBy: [['issuedOn', 'desc']] })).map(({ id: _id, holderId: _h, ...entry }) => entry) };
      },
    },

    getBundle: {
      schema: getBundleSchema,
      async handle(request, context) {
        await waitFor(deps.views.bundles, request.consistencyToken, context);
        const bundle = await deps.readModels.get<BundleApplicationDocument>(BUNDLE_APPLICATIONS, request.bundleId);
        if (!bundle) throw new NotFoundError(`bundle application ${request.bundleId} does not exist`);
        const documents = (await Promise.all(bundle.caseNumbers.map((caseNumber) => deps.readModels.get<CaseDocument>(CASES, caseNumber)))).filter((d) => d !== undefined);
        // The application is its applicant's; staff reach it through its cases, every one of which they must reach.
        context.authorize({ owner: bundle.applicantSubject, regions: documents.flatMap((d) => [d.handlingRegionCode, d.submittedRegionCode]) });
        const cases = [];
        for (const document of documents) {
          assertMayAccessCase(context, document);
          cases.push(presentCase(Case.fromJSON(document.view), context));
        }
        return { bundle: { bundleId: bundle.id, bundleCode: bundle.bundleCode, name: bundle.name, cases, outcome: bundle.outcome } };
      },
    },
  };
}
