// 督办: a supervisor orders the handling department to act on a case by a date (IssueOrder).
import { supervision, showError } from '../api.js';
import { el } from '../dom.js';

/** "YYYY-MM-DD" `days` days from today (the browser's date; the platform refuses a date before its today). */
const daysFromToday = (days) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * A form that issues one order about `target` (caseNumber, department, regionCode); `issued(order)`
 * runs once it is recorded. One request id per form: a retry after a lost answer gives the same order.
 */
export function issueOrderForm(target, issued) {
  const requestId = crypto.randomUUID();
  const form = el('form', { class: 'inline issue-order', data: { caseNumber: target.caseNumber } },
    el('label', {}, '督办要求 Instruction', el('input', { name: 'instruction', size: 40, required: true, value: '请说明超期原因，加快办理并按期回复。' })),
    el('label', {}, '回复期限 Reply by', el('input', { name: 'dueOn', type: 'date', required: true, value: daysFromToday(5) })),
    el('button', { type: 'submit' }, '发出督办 Issue'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      const { order } = await supervision.issueOrder({ requestId, ...target, instruction: form.elements.instruction.value, dueOn: form.elements.dueOn.value });
      issued(order);
    } catch (error) {
      showError(error);
    }
  });
  return form;
}
