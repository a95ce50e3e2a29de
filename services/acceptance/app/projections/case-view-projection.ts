import { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import type { AcceptancePayload } from '../../../platform/messaging/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import { type CaseEvent, caseEventTypes } from '../../domain/case/case-events.ts';
import { evolveCaseView } from '../case-view.ts';

/** A case with the fields cases are listed and authorised by. */
export interface CaseDocument extends ReadModelDocument {
  readonly applicantSubject: string;
  readonly handlingRegionCode: string;
  readonly submittedRegionCode: string;
  readonly status: string;
  readonly submittedAt: string;
  /** The case view as proto3 JSON. */
  readonly view: unknown;
}

export const CASES = 'cases';

const isCaseEvent = (event: EventEnvelope<AcceptancePayload>): event is EventEnvelope<CaseEvent> =>
  (caseEventTypes as readonly string[]).includes(event.payload.$case);

export const caseViewProjection: Projection<AcceptancePayload> = {
  name: 'case-view',
  collections: [{ name: CASES, indexes: [['applicantSubject'], ['handlingRegionCode'], ['status']] }],
  async apply(event, tx) {
    if (!isCaseEvent(event)) return;
    const existing = await tx.get<CaseDocument>(CASES, event.correlationId);
    const view = evolveCaseView(existing ? Case.fromJSON(existing.view) : undefined, event);
    const document: CaseDocument = {
      id: view.caseNumber,
      applicantSubject: existing?.applicantSubject ?? (event.payload.$case === 'caseSubmitted' ? event.payload.value.applicantSubject : ''),
      handlingRegionCode: view.handlingRegionCode,
      submittedRegionCode: view.submittedRegionCode,
      status: view.status,
      submittedAt: view.submittedAt ?? '',
      view: Case.toJSON(view),
    };
    await tx.put(CASES, document);
  },
};
