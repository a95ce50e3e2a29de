import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { type IssueOrder, orderDecider } from './order-decider.ts';

const spec = deciderSpec(orderDecider);
const issue: IssueOrder = {
  type: 'IssueOrder', orderId: 'o-1', caseNumber: '35010220260917000001', department: 'SCJGJ', regionCode: '350102',
  instruction: '该件已红牌，请两个工作日内办结并说明原因', dueOn: '2026-10-14', issuer: { subject: 'supervisor-fuzhou', department: '', jurisdiction: '350100' }, now: new Date('2026-10-12T02:00:00Z'),
};
const reply = { type: 'ReplyOrder' as const, reply: '已于今日办结', replier: { subject: 'approver-scjgj', department: 'SCJGJ', jurisdiction: '350102' }, now: new Date('2026-10-13T02:00:00Z') };

describe('督办 (supervision orders)', () => {
  it('goes from a supervisor to a department of their jurisdiction, with a deadline, and comes back with a reply', () => {
    spec.given([]).when(issue).thenState((state) => expect(state).toMatchObject({ status: 'ORDER_STATUS_ISSUED', dueOn: '2026-10-14' }));
    const issued = orderDecider.decide(issue, undefined);
    spec.given(issued).when(reply).thenState((state) => expect(state).toMatchObject({ status: 'ORDER_STATUS_REPLIED', reply: '已于今日办结' }));
    spec.given(issued).when({ ...reply, replier: { ...reply.replier, department: 'GAJ' } }).thenThrows(PermissionDeniedError);
    spec.given([...issued, ...orderDecider.decide(reply, issued.reduce(orderDecider.evolve, undefined))]).when(reply).thenThrows(FailedPreconditionError, 'replied to already');
  });

  it('needs a department, an instruction and a due date from today, inside the supervisor\'s jurisdiction', () => {
    spec.given([]).when({ ...issue, department: '', instruction: ' ', dueOn: '2026-10-11' }).thenThrows(ValidationError, /department: .*instruction: .*due_on: /);
    spec.given([]).when({ ...issue, regionCode: '440106' }).thenThrows(PermissionDeniedError);
  });
});
