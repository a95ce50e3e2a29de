import type { Applicant, ReusableMaterial, SubmittedMaterial } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import { requestCausation } from '../../platform/app/causation.ts';
import { ValidationError } from '../../platform/domain/errors.ts';
import { type CallContext, actorOf } from '../../platform/grpc/call-context.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from '../app/projections/wallet-projection.ts';
import type { SubmitCase, Submitter } from '../domain/case/case-commands.ts';
import { CASE_STREAM_TYPE, caseStreamId } from '../domain/case/case-events.ts';
import { holderSubject } from '../../platform/privacy/data-subjects.ts';
import { sealApplicant } from '../app/seal-applicant.ts';
import type { AcceptanceRpcDependencies } from './acceptance-rpc-dependencies.ts';
import { assertAppliesAsThemselves } from './verified-holder.ts';

/** What an applicant hands in, alone or for a bundle. */
export interface Application {
  readonly applicant: Applicant;
  readonly materials: readonly SubmittedMaterial[];
  readonly submittedRegionCode: string;
  readonly applicantSubject: string;
}

/** An application as received: who owns it and what they hold already. */
export interface ReceivedApplication extends Application {
  readonly holderId: string;
  readonly reusable: readonly ReusableMaterial[];
}

export const submitterOf = (context: CallContext): Submitter => (context.role === 'ROLE_APPLICANT' ? 'applicant' : 'staff');

/** Receiving applications: checked once for a case or a bundle, then written case by case. */
export function applicationIntake(deps: AcceptanceRpcDependencies) {
  const walletOf = async (holderId: string): Promise<ReusableMaterial[]> =>
    (await deps.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId } })).map(({ id: _id, holderId: _holder, ...entry }) => entry);

  /** Who applies, where and through which channel; throws before anything is written. */
  const receive = async (application: Application, context: CallContext): Promise<ReceivedApplication> => {
    if (context.channel === 'CHANNEL_UNSPECIFIED') {
      throw ValidationError.field('metadata.ow-channel', 'is required to submit: the channel the application comes through');
    }
    assertAppliesAsThemselves(context, deps.holderIds, application.applicant);
    const applicantSubject = context.role === 'ROLE_APPLICANT' ? context.caller.subject : application.applicantSubject;
    if (!applicantSubject) throw ValidationError.field('applicant_subject', 'is required when staff submit for an applicant');
    if (!deps.regions.has(application.submittedRegionCode)) throw ValidationError.field('submitted_region_code', 'must be a region this installation serves');
    // An applicant applies for themselves; a clerk receives only in their own jurisdiction.
    context.authorize({ owner: applicantSubject, regions: [application.submittedRegionCode] });
    const holderId = deps.holderIds(application.applicant);
    // From here on the applicant's personal data exists only sealed: in events, views and topics.
    const applicant = await sealApplicant(deps.personalData, holderSubject(holderId), application.applicant);
    return { ...application, applicant, applicantSubject, holderId, reusable: await walletOf(holderId) };
  };

  /** The command that submits one case of a received application. */
  const submitCommand = (options: { item: ServiceItem; application: ReceivedApplication; caseNumber: string; bundleId: string; context: CallContext; now: Date }): SubmitCase => {
    const { item, application, context } = options;
    return {
      type: 'SubmitCase',
      caseNumber: options.caseNumber,
      item,
      applicant: application.applicant,
      holderId: application.holderId,
      materials: application.materials,
      submittedRegionCode: application.submittedRegionCode,
      channel: context.channel,
      submitter: submitterOf(context),
      applicantSubject: application.applicantSubject,
      bundleId: options.bundleId,
      reusable: application.reusable,
      now: options.now,
    };
  };

  /** Writes one case; a new case number unless the caller holds one already (a bundle's). */
  const submitOne = async (options: {
    item: ServiceItem;
    application: ReceivedApplication;
    caseNumber?: string;
    bundleId: string;
    context: CallContext;
    idempotencyKey: string;
    requestFingerprint: string;
  }) => {
    const { item, context } = options;
    const now = deps.clock.now();
    const caseNumber = options.caseNumber ?? (await deps.caseNumbers(item.regionCode, now));
    const result = await deps.cases.handle({
      streamId: caseStreamId(caseNumber),
      streamType: CASE_STREAM_TYPE,
      command: submitCommand({ ...options, caseNumber, now }),
      context: { actor: actorOf(context), correlationId: caseNumber, causationId: requestCausation(options.idempotencyKey), regionCode: item.regionCode, traceContext: context.traceContext },
      now,
      idempotencyKey: options.idempotencyKey,
      requestFingerprint: options.requestFingerprint,
    });
    if (result.state.status === 'none') throw new Error('a submitted case has no state');
    return { caseNumber: result.state.submitted.caseNumber, consistencyToken: result.consistencyToken };
  };

  return { walletOf, receive, submitCommand, submitOne };
}
