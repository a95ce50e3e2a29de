import type { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { CaseCommand } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseRecord } from '../../domain/case/case-state.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertMayAccessCase, mayAccessCase, presentCase } from '../case-access.ts';
import { caseViewOf } from '../case-view.ts';

/** A command on an existing case, as the caller's request names it. */
export interface CaseRequest {
  readonly requestId: string;
  readonly caseNumber: string;
}

/**
 * Runs a caller's command on an existing case, decided on the item version the case pinned.
 * `authorizeCase` is the one resource check (the policy table's scope); by default, the case.
 * Answers with the case as it now stands, as the caller may see it.
 */
export async function caseAfter(
  app: AcceptanceApp,
  request: CaseRequest,
  caller: CallContext,
  build: (record: CaseRecord, item: ServiceItem, now: Date) => CaseCommand | Promise<CaseCommand>,
  authorizeCase: (record: CaseRecord, item: ServiceItem) => void = (record) => assertMayAccessCase(caller, record.submitted),
): Promise<{ case: Case; consistencyToken: string }> {
  const streamId = caseStreamId(request.caseNumber);
  const now = app.clock.now();
  const result = await runCommand(app.cases, { caller, request, now }, {
    async authorize() {
      const loaded = await app.cases.load(streamId);
      const record = loaded.state;
      if (record.status === 'none') throw new NotFoundError(`case ${request.caseNumber} does not exist`);
      const item = await app.catalog.item(record.submitted.itemCode, record.submitted.itemVersion);
      authorizeCase(record, item);
      return { loaded, record, item };
    },
    async prepare({ loaded, record, item }) {
      const command = await build(record, item, now);
      return { streamId, streamType: CASE_STREAM_TYPE, command, correlationId: request.caseNumber, regionCode: record.submitted.handlingRegionCode, loaded };
    },
  });
  const view = caseViewOf(result.history);
  if (!view || result.state.status === 'none') throw new NotFoundError(`case ${request.caseNumber} does not exist`);
  return { case: presentCase(view, caller, mayAccessCase(caller, result.state.submitted)), consistencyToken: result.consistencyToken };
}
