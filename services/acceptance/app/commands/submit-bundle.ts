import type { SubmitBundleRequest, SubmitBundleResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { BUNDLE_STREAM_TYPE, type SubmitBundleApplication, bundleStreamId } from '../../domain/bundle/bundle-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { receiveApplication, submitCaseCommand } from '../application-intake.ts';
import { checkMembers, memberApplication } from './bundle-members.ts';
import { submissionOf, submittedCase } from './case-submission.ts';

/** 一件事: an applicant or a clerk applies for a bundle at once, written as linked cases handled in parallel. */
export async function submitBundle(app: AcceptanceApp, request: SubmitBundleRequest, caller: CallContext): Promise<SubmitBundleResponse> {
  // Received (and the caller authorised) for a retry too: its cases are completed from it.
  const application = await receiveApplication(app, { ...request, applicant: request.applicant! }, caller);
  const now = app.clock.now();
  // The bundle is written first, naming its cases and the item versions they pin; a retry after a
  // crash is answered with it (the same bundle id and case numbers) and completes those cases.
  const bundle = await runCommand(app.bundles, { caller, request, now }, {
    async prepare() {
      const definition = await app.catalog.bundle(request.bundleCode);
      const items = await Promise.all(definition.memberItemCodes.map((code) => app.catalog.offeredItem(code)));
      checkMembers(app.calendars, items, application, caller, now);
      const members = [];
      for (const item of items) members.push({ itemCode: item.itemCode, itemVersion: item.version, caseNumber: await app.caseNumbers(item.regionCode, now) });
      const bundleId = app.ids.newId();
      const command: SubmitBundleApplication = { type: 'SubmitBundleApplication', bundleId, definition, members, applicantSubject: application.applicantSubject };
      return { streamId: bundleStreamId(bundleId), streamType: BUNDLE_STREAM_TYPE, command, correlationId: '', regionCode: definition.regionCode };
    },
  });
  if (bundle.state.status === 'none') throw new Error('a submitted bundle has no state');
  const { bundleId, members } = bundle.state;
  // Written in order, so the last case's token covers the bundle and every case before it.
  let consistencyToken = bundle.consistencyToken;
  for (const [index, member] of members.entries()) {
    const memberNow = app.clock.now();
    // Each case under the bundle's request id and its place, fingerprinted as the bundle's request
    // (as cases written by earlier releases were): a retry recognises the cases already written.
    const memberCall = { caller, request: { requestId: `${request.requestId}#${index}` }, fingerprinted: request, now: memberNow };
    const written = await runCommand(app.cases, memberCall, {
      async prepare() {
        const item = await app.catalog.item(member.itemCode, member.itemVersion);
        return submissionOf(submitCaseCommand({ item, application: memberApplication(item, application), caseNumber: member.caseNumber, bundleId, caller, now: memberNow }));
      },
    });
    ({ consistencyToken } = submittedCase(written));
  }
  return { bundleId, caseNumbers: members.map((m) => m.caseNumber), consistencyToken };
}

