import type { SupervisionPayload } from '../../../platform/messaging/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';

/** A case's clock as supervisors query it. */
export interface ClockDocument extends ReadModelDocument {
  readonly itemCode: string;
  readonly handlingRegionCode: string;
  readonly handlingDepartment: string;
  readonly status: 'CLOCK_STATUS_RUNNING' | 'CLOCK_STATUS_STOPPED';
  readonly acceptedOn: string;
  readonly statutoryDeadline: Deadline;
  readonly promisedDeadline: Deadline;
  readonly concludedOn: string;
  readonly workingDaysUsed: number;
  readonly withinStatutoryLimit: boolean;
  readonly withinPromisedLimit: boolean;
  readonly outcome: Outcome;
}

export const CLOCKS = 'clocks';

const emptyDeadline = { date: '', workingDays: 0, provisional: false };

export const clocksProjection: Projection<SupervisionPayload> = {
  name: 'clocks',
  collections: [{ name: CLOCKS, indexes: [['handlingRegionCode'], ['status', 'promisedDeadline.date']] }],
  async apply(event, tx) {
    const payload = event.payload;
    if (payload.$case === 'caseClockStarted') {
      const started = payload.value;
      await tx.put<ClockDocument>(CLOCKS, {
        id: started.caseNumber,
        itemCode: started.itemCode,
        handlingRegionCode: started.handlingRegionCode,
        handlingDepartment: started.handlingDepartment,
        status: 'CLOCK_STATUS_RUNNING',
        acceptedOn: started.acceptedOn,
        statutoryDeadline: started.statutoryDeadline ?? emptyDeadline,
        promisedDeadline: started.promisedDeadline ?? emptyDeadline,
        concludedOn: '',
        workingDaysUsed: 0,
        withinStatutoryLimit: true,
        withinPromisedLimit: true,
        outcome: 'OUTCOME_UNSPECIFIED',
      });
    } else if (payload.$case === 'caseClockDeadlinesUpdated') {
      const existing = await tx.get<ClockDocument>(CLOCKS, payload.value.caseNumber);
      if (!existing) throw new Error(`clock of ${payload.value.caseNumber} updated before it started`);
      await tx.put<ClockDocument>(CLOCKS, {
        ...existing,
        statutoryDeadline: payload.value.statutoryDeadline ?? emptyDeadline,
        promisedDeadline: payload.value.promisedDeadline ?? emptyDeadline,
      });
    } else if (payload.$case === 'caseClockStopped') {
      const existing = await tx.get<ClockDocument>(CLOCKS, payload.value.caseNumber);
      if (!existing) throw new Error(`clock of ${payload.value.caseNumber} stopped before it started`);
      await tx.put<ClockDocument>(CLOCKS, {
        ...existing,
        status: 'CLOCK_STATUS_STOPPED',
        concludedOn: payload.value.concludedOn,
        workingDaysUsed: payload.value.workingDaysUsed,
        withinStatutoryLimit: payload.value.withinStatutoryLimit,
        withinPromisedLimit: payload.value.withinPromisedLimit,
        outcome: payload.value.outcome,
      });
    }
  },
};
