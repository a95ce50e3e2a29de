import type { SubmitCaseRequest, SubmitCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { receiveApplication, submitCaseCommand } from '../application-intake.ts';
import { submissionOf, submittedCase } from './case-submission.ts';

/** An applicant (online, at a kiosk) or a clerk at the counter applies for one item: a new case. */
export async function submitCase(app: AcceptanceApp, request: SubmitCaseRequest, caller: CallContext): Promise<SubmitCaseResponse> {
  const now = app.clock.now();
  const result = await runCommand(app.cases, { caller, request, now }, {
    authorize: () => receiveApplication(app, { ...request, applicant: request.applicant! }, caller),
    // Not for a retry: it must not burn a new case number.
    async prepare(application) {
      const item = await app.catalog.offeredItem(request.itemCode);
      const caseNumber = await app.caseNumbers(item.regionCode, now);
      return submissionOf(submitCaseCommand({ item, application, caseNumber, bundleId: '', caller, now }));
    },
  });
  return submittedCase(result);
}
