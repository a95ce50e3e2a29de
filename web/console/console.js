// The supervisor console: sign in with a token, then four pages, chosen by the address's hash so
// that the browser's back button and bookmarks work: #/alerts, #/statistics, #/orders, #/case/<number>.
// Each page is built off-screen and shown only if it is still the one asked for when it is ready.
import { showError, supervision, unauthenticated } from './api.js';
import { el } from './dom.js';
import { alertsPage } from './pages/alerts-page.js';
import { casePage } from './pages/case-page.js';
import { ordersPage } from './pages/orders-page.js';
import { statisticsPage } from './pages/statistics-page.js';
import { session } from './session.js';

const main = document.querySelector('#page');
const nav = document.querySelector('header nav');
const who = document.querySelector('#who');
const signInForm = document.querySelector('#sign-in');
const pages = { alerts: alertsPage, statistics: statisticsPage, orders: ordersPage, case: casePage };
let leaving = new AbortController();

/** "#/case/<number>?a=b" as the page's name and its parameters. */
function route() {
  const [path = '', query] = window.location.hash.slice(2).split('?');
  const [name, number] = path.split('/');
  const params = new URLSearchParams(query);
  if (number) {
    try {
      params.set('number', decodeURIComponent(number));
    } catch {
      params.set('number', number);
    }
  }
  return { name: pages[name] ? name : 'alerts', params };
}

function showSignedOut() {
  signInForm.hidden = false;
  nav.hidden = true;
  who.replaceChildren();
  main.replaceChildren();
  delete main.dataset.page;
}

function showSignedIn(name) {
  const { sub = '', roles = [], region = '' } = session.claims;
  signInForm.hidden = true;
  nav.hidden = false;
  who.replaceChildren(
    `${sub}（${roles.join(', ')}${region ? ` · ${region}` : ''}）`,
    el('button', { type: 'button', id: 'sign-out', on: { click: () => (session.signOut(), render()) } }, '退出 Sign out'),
  );
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render() {
  leaving.abort();
  leaving = new AbortController();
  const { signal } = leaving;
  showError('');
  if (!session.token) return showSignedOut();
  const { name, params } = route();
  showSignedIn(name);
  main.replaceChildren(el('p', { class: 'muted' }, '加载中… Loading'));
  delete main.dataset.page;
  try {
    const content = await pages[name](params, signal);
    if (signal.aborted) return;
    main.replaceChildren(...content);
    main.dataset.page = name;
  } catch (error) {
    if (signal.aborted) return;
    main.replaceChildren();
    showError(error);
  }
}

// The platform refused the token (expired, or never valid): back to the sign-in form, saying why.
window.addEventListener('ow:token-refused', (event) => {
  leaving.abort();
  session.signOut();
  showSignedOut();
  showError(event.detail);
});

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  session.signIn(signInForm.elements.token.value);
  signInForm.reset();
  // Check the token at once (the platform verifies it), rather than on the first page's calls.
  try {
    await supervision.getSupervisionPolicy({ regionCode: session.claims.region ?? '' });
  } catch (error) {
    if (unauthenticated(error)) return;
  }
  if (!window.location.hash) window.history.replaceState(null, '', '#/alerts');
  await render();
});

document.querySelector('#find-case').addEventListener('submit', (event) => {
  event.preventDefault();
  window.location.hash = `#/case/${encodeURIComponent(event.target.elements.caseNumber.value.trim())}`;
});

window.addEventListener('hashchange', render);
void render();
