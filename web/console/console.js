// The supervisor console: sign in with a token, then four pages, chosen by the address's hash so
// that the browser's back button and bookmarks work: #/alerts, #/statistics, #/orders, #/case/<number>.
import { showError, supervision, unauthenticated } from './api.js';
import { el } from './dom.js';
import { alertsPage } from './pages/alerts-page.js';
import { casePage } from './pages/case-page.js';
import { ordersPage } from './pages/orders-page.js';
import { statisticsPage } from './pages/statistics-page.js';
import { session } from './session.js';

const main = document.querySelector('#page');
const nav = document.querySelector('header nav');
const signInForm = document.querySelector('#sign-in');
const pages = { alerts: alertsPage, statistics: statisticsPage, orders: ordersPage, case: casePage };
let leaving = new AbortController();

/** "#/case/<number>?a=b" as the page's name and its parameters. */
function route() {
  const [path, query] = window.location.hash.slice(2).split('?');
  const [name, number] = path.split('/');
  const params = new URLSearchParams(query);
  if (number) params.set('number', decodeURIComponent(number));
  return { name: pages[name] ? name : 'alerts', params };
}

function showSignedIn() {
  const { sub = '', roles = [], region = '' } = session.claims;
  document.querySelector('#who').replaceChildren(
    `${sub}（${roles.join(', ')}${region ? ` · ${region}` : ''}）`,
    el('button', { type: 'button', id: 'sign-out', on: { click: () => (session.signOut(), render()) } }, '退出 Sign out'),
  );
}

async function render() {
  leaving.abort();
  leaving = new AbortController();
  showError('');
  const signedIn = session.token !== '';
  signInForm.hidden = signedIn;
  nav.hidden = !signedIn;
  if (!signedIn) return (document.querySelector('#who').replaceChildren(), main.replaceChildren());
  showSignedIn();
  const { name, params } = route();
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren(el('p', { class: 'muted' }, '加载中… Loading'));
  main.dataset.page = '';
  try {
    await pages[name](main, params, leaving.signal);
    main.dataset.page = name;
  } catch (error) {
    main.replaceChildren();
    showError(error);
    if (unauthenticated(error)) session.signOut();
  }
}

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  session.signIn(signInForm.elements.token.value);
  signInForm.reset();
  // Check the token at once (the platform verifies it), rather than on the first page's calls.
  try {
    await supervision.getSupervisionPolicy({ regionCode: session.claims.region ?? '' });
  } catch (error) {
    if (unauthenticated(error)) return (session.signOut(), showError(error));
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
