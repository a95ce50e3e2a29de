// 督办: a supervisor orders the handling department to act on a case by a date (IssueOrder).
import { supervision } from '../api.js';
import { daysFromToday } from '../dates.js';
import { el } from '../dom.js';
import { submitting } from '../forms.js';

/** A form that issues one order about `target` (caseNumber, department, regionCode); `issued(order)` runs once it is recorded. */
export function issueOrderForm(target, issued) {
  const form = el('form', { class: 'inline issue-order', data: { caseNumber: target.caseNumber } },
    el('label', {}, '督办要求 Instruction', el('input', { name: 'instruction', size: 40, required: true, value: '请说明超期原因，加快办理并按期回复。' })),
    el('label', {}, '回复期限 Reply by', el('input', { name: 'dueOn', type: 'date', required: true, value: daysFromToday(5) })),
    el('button', { type: 'submit' }, '发出督办 Issue'),
  );
  return submitting(form, async (requestId) => {
    const { order } = await supervision.issueOrder({ requestId, ...target, instruction: form.elements.instruction.value, dueOn: form.elements.dueOn.value });
    issued(order);
  });
}
