import type { CommandResult } from '../../../platform/app/command-handler.ts';
import type { PreparedCommand } from '../../../platform/app/run-command.ts';
import type { CaseCommand, SubmitCase } from '../../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, type CaseEvent, caseStreamId } from '../../domain/case/case-events.ts';
import type { CaseState } from '../../domain/case/case-state.ts';

/** A case's submission, ready to run: a new stream named by its case number, handled where its item is. */
export function submissionOf(command: SubmitCase): PreparedCommand<CaseCommand, CaseEvent, CaseState> {
  return { streamId: caseStreamId(command.caseNumber), streamType: CASE_STREAM_TYPE, command, correlationId: command.caseNumber, regionCode: command.item.regionCode };
}

/** The answer to a submission (or to its retry): the case's number and the token to read it by. */
export function submittedCase(result: CommandResult<CaseEvent, CaseState>): { caseNumber: string; consistencyToken: string } {
  if (result.state.status === 'none') throw new Error('a submitted case has no state');
  return { caseNumber: result.state.submitted.caseNumber, consistencyToken: result.consistencyToken };
}
