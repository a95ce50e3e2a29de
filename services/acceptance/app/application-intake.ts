import type { Applicant, ReusableMaterial, SubmittedMaterial } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { ServiceItem } from '../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import { ValidationError } from '../../platform/domain/errors.ts';
import { holderSubject } from '../../platform/privacy/data-subjects.ts';
import type { SubmitCase, Submitter } from '../domain/case/case-commands.ts';
import type { AcceptanceApp } from './acceptance-app.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from './projections/wallet-projection.ts';
import { sealApplicant } from './seal-applicant.ts';
import { assertAppliesAsThemselves } from './verified-holder.ts';
import { assertRegionInForce } from './queries/known-region.ts';

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

export const submitterOf = (caller: CallContext): Submitter => (caller.role === 'ROLE_APPLICANT' ? 'applicant' : 'staff');

/** The materials a holder's licenses and earlier cases let them reuse (免提交). */
export async function walletOf(app: AcceptanceApp, holderId: string): Promise<ReusableMaterial[]> {
  return (await app.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId } })).map(({ id: _id, holderId: _holder, ...entry }) => entry);
}

/**
 * Receives an application, for a case or a bundle: who applies, where and through which channel.
 * Throws before anything is written; checked once, then written case by case.
 */
export async function receiveApplication(app: AcceptanceApp, application: Application, caller: CallContext): Promise<ReceivedApplication> {
  if (caller.channel === 'CHANNEL_UNSPECIFIED') {
    throw ValidationError.field('metadata.ow-channel', 'is required to submit: the channel the application comes through');
  }
  assertAppliesAsThemselves(caller, app.holderIds, application.applicant);
  const applicantSubject = caller.role === 'ROLE_APPLICANT' ? caller.caller.subject : application.applicantSubject;
  if (!applicantSubject) throw ValidationError.field('applicant_subject', 'is required when staff submit for an applicant');
  assertRegionInForce(app, 'submitted_region_code', application.submittedRegionCode);
  // An applicant applies for themselves; a clerk receives only in their own jurisdiction.
  caller.authorize({ owner: applicantSubject, regions: [application.submittedRegionCode] });
  const holderId = app.holderIds(application.applicant);
  // From here on the applicant's personal data exists only sealed: in events, views and topics.
  const applicant = await sealApplicant(app.personalData, holderSubject(holderId), application.applicant);
  return { ...application, applicant, applicantSubject, holderId, reusable: await walletOf(app, holderId) };
}

/** The command that submits one case of a received application. */
export function submitCaseCommand(options: {
  item: ServiceItem;
  application: ReceivedApplication;
  caseNumber: string;
  bundleId: string;
  caller: CallContext;
  now: Date;
}): SubmitCase {
  const { item, application, caller } = options;
  return {
    type: 'SubmitCase',
    caseNumber: options.caseNumber,
    item,
    applicant: application.applicant,
    holderId: application.holderId,
    materials: application.materials,
    submittedRegionCode: application.submittedRegionCode,
    channel: caller.channel,
    submitter: submitterOf(caller),
    applicantSubject: application.applicantSubject,
    bundleId: options.bundleId,
    reusable: application.reusable,
    now: options.now,
  };
}
