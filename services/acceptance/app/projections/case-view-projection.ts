import { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { type CaseEvent, caseEventTypes } from '../../domain/case/case-events.ts';
import { evolveCaseView } from '../case-view.ts';

/** A case with the fields cases are listed, authorised and swept by. */
export interface CaseDocument extends ReadModelDocument {
  readonly applicantSubject: string;
  readonly holderId: string;
  readonly handlingRegionCode: string;
  readonly submittedRegionCode: string;
  readonly hallId: string;
  readonly status: string;
  readonly submittedAt: string;
  /** "YYYY-MM-DD": when the materials arrived (the 5-working-day rule counts from it). */
  readonly receivedOn: string;
  readonly itemCode: string;
  readonly itemVersion: number;
  /** True while a running deadline of the case is provisional (a year without a holiday notice). */
  readonly provisional: boolean;
  /** The case view as proto3 JSON. */
  readonly view: unknown;
}

export const CASES = 'cases';

export const isCaseEvent = (event: EventEnvelope<AcceptancePayload>): event is EventEnvelope<CaseEvent> =>
  (caseEventTypes as readonly string[]).includes(event.payload.$case);

export const caseViewProjection: Projection<AcceptancePayload> = {
  name: 'case-view',
  eventTypes: new Set(caseEventTypes),
  collections: [
    {
      name: CASES,
      indexes: [['applicantSubject', 'submittedAt'], ['handlingRegionCode', 'submittedAt'], ['submittedRegionCode', 'submittedAt'], ['hallId', 'submittedAt'], ['holderId'], ['status'], ['provisional']],
    },
  ],
  async apply(event, tx) {
    if (!isCaseEvent(event)) return;
    const existing = await tx.get<CaseDocument>(CASES, event.correlationId);
    const view = evolveCaseView(existing ? Case.fromJSON(existing.view) : undefined, event);
    const submitted = event.payload.$case === 'caseSubmitted' ? event.payload.value : undefined;
    // Only deadlines that still run count: an accepted case's, then a concluded case's delivery.
    const deadlines =
      view.status === 'CASE_STATUS_ACCEPTED' ? [view.statutoryDeadline, view.promisedDeadline, view.catchUpDeadline]
      : view.status === 'CASE_STATUS_CONCLUDED' ? [view.deliveryDeadline]
      : [];
    await tx.put<CaseDocument>(CASES, {
      id: view.caseNumber,
      applicantSubject: existing?.applicantSubject ?? submitted?.applicantSubject ?? '',
      holderId: existing?.holderId ?? submitted?.holderId ?? '',
      handlingRegionCode: view.handlingRegionCode,
      submittedRegionCode: view.submittedRegionCode,
      hallId: view.hallId,
      status: view.status,
      submittedAt: view.submittedAt ?? '',
      receivedOn: existing?.receivedOn ?? submitted?.receivedOn ?? '',
      itemCode: view.itemCode,
      itemVersion: view.itemVersion,
      provisional: deadlines.some((deadline) => deadline?.provisional === true),
      view: Case.toJSON(view),
    });
  },
};
