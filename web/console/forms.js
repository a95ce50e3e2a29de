// A form that asks the platform to do one thing: one request id per form, so that pressing the
// button again after a lost answer gives the same result back (the platform's idempotency), and
// the platform's refusal shown with its field violations.
import { showError } from './api.js';

/** Runs `act(requestId, event)` on each submit of `form`, showing what fails; returns the form. */
export function submitting(form, act) {
  const requestId = crypto.randomUUID();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      await act(requestId, event);
    } catch (error) {
      showError(error);
    }
  });
  return form;
}
