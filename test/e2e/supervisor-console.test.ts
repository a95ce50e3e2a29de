import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishServiceItemRequest } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { AcceptCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ListTasksRequest } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { ListAlertsRequest, ListOrdersRequest, SubmitRatingRequest } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { startConsoleEndpoint } from '../../services/host/web-endpoint.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { ManualClock } from '../../services/platform/time/clock.ts';
import type { WebGateway } from '../../services/platform/web/web-gateway.ts';
import { administrationClient, operator } from '../support/administration.ts';
import { approveEverything } from '../support/back-office.ts';
import { as } from '../support/channels.ts';
import { marketStaff } from '../support/supervision-office.ts';
import { type TestPlatform, startTestPlatform, waitUntil } from '../support/test-platform.ts';

// Debian's chromium, driven by playwright-core: no browser is downloaded (.ci/run installs it).
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (!CHROMIUM) process.stderr.write('\n[SKIPPED] the supervisor console: needs Debian\'s chromium (apt-get install chromium), not found at /usr/bin/chromium\n');

/** Where the test leaves a screenshot of each page (named in the closing note; README's comes from here). */
const SCREENSHOTS = process.env.OW_SCREENSHOTS_DIR ?? join(import.meta.dirname, '../../test-results/console');

const gulouSupervisor: TokenClaims = { sub: 'supervisor-gulou-01', roles: ['supervisor'], region: '350102' };
const minhouSupervisor: TokenClaims = { sub: 'supervisor-minhou-01', roles: ['supervisor'], region: '350121' };
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACE_VIEWER = 'http://jaeger.example:16686/trace/{traceId}';

const foodLicense = catalogSeed[0]!;
/** The same licence, handled by the 鼓东街道 service station: a case the township's statistics count. */
const townshipItem = {
  ...foodLicense,
  itemCode: '11350102003061XR-000920101000',
  name: '食品经营许可（街道）',
  regionCode: '350102001',
  handlingLevel: 'LEVEL_TOWNSHIP' as const,
  workflow: { ...foodLicense.workflow, stages: foodLicense.workflow!.stages.map((stage) => ({ ...stage, steps: stage.steps.map((step) => ({ ...step, level: 'LEVEL_TOWNSHIP' as const })) })) },
};
const at = (date: string) => `${date}T10:00:00+08:00`;

describe.skipIf(!CHROMIUM)('the supervisor console in a real browser', () => {
  const clock = new ManualClock(at('2026-09-17'));
  let test: TestPlatform;
  let clients: ReturnType<typeof connect>;
  let consoleEndpoint: WebGateway;
  let browser: Browser;
  let overdueCase = '';
  let townshipCase = '';

  const submitAndAccept = async (itemCode: string, traceparent?: string) => {
    const materials = foodLicense.materials.filter((m) => m.required).map((m) => ({ materialCode: m.code, source: 'MATERIAL_SOURCE_UPLOAD' as const, reference: `scan-${m.code}`, trustLevel: 'TRUST_LEVEL_B' as const }));
    const counter = as('countyClerk', 'counter');
    if (traceparent) counter.set('traceparent', traceparent);
    const { caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, SubmitCaseRequest.fromPartial({
      requestId: randomUUID(), itemCode, materials, submittedRegionCode: '350102001', applicantSubject: 'applicant-lisi',
      applicant: { kind: { $case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' },
    }), counter);
    await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
    return caseNumber;
  };

  const signIn = async (claims: TokenClaims) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // The page's Content-Security-Policy lets everything the console does through.
    page.on('console', (message) => message.text().includes('Content Security Policy') && failures.push(message.text()));
    await page.goto(consoleEndpoint.url);
    await page.fill('#sign-in textarea[name=token]', mintDevelopmentToken(claims));
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('main[data-page=alerts]');
    return { page, failures };
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    test = await startTestPlatform({ OW_SUPERVISION_SWEEP_MS: '100' }, { clock });
    clients = connect(test.endpoints);
    const config = loadConfiguration({ OW_DATA_DIR: test.dataDir, OW_CONSOLE_TRACE_URL: TRACE_VIEWER });
    consoleEndpoint = (await startConsoleEndpoint(config, test.endpoints, createLogger({ level: 'warn' }), 0))!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });

    const administration = administrationClient(test.endpoints);
    await call(administration.publishServiceItem, administration, PublishServiceItemRequest.fromPartial({ requestId: randomUUID(), item: townshipItem }), callerMetadata(operator, 'pc'));
    administration.close();
    overdueCase = await submitAndAccept(foodLicense.itemCode, `00-${TRACE_ID}-b7ad6b7169203331-01`);
    townshipCase = await submitAndAccept(townshipItem.itemCode);
    // Three weeks on, the promised limit draws near (a yellow alert); six weeks on, neither case
    // concluded, both are past their promised limit of 10 working days.
    clock.set(at('2026-10-06'));
    await waitUntil('the yellow alert', async () => {
      const { alerts } = await call(clients.supervision.listAlerts, clients.supervision, ListAlertsRequest.fromPartial({}), callerMetadata(gulouSupervisor, 'pc'));
      return alerts.some((alert) => alert.caseNumber === overdueCase);
    });
    clock.set(at('2026-11-02'));
    await waitUntil('the red alert', async () => {
      const { alerts } = await call(clients.supervision.listAlerts, clients.supervision, ListAlertsRequest.fromPartial({ level: 'ALERT_LEVEL_RED' }), callerMetadata(gulouSupervisor, 'pc'));
      return alerts.some((alert) => alert.caseNumber === overdueCase);
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await consoleEndpoint?.stop();
    clients?.close();
    await test?.stop();
  });

  it('lists alerts newest first when asked, open ones earliest due first by default', async () => {
    const list = async (order: 'ALERT_ORDER_NEWEST' | 'ALERT_ORDER_UNSPECIFIED') =>
      (await call(clients.supervision.listAlerts, clients.supervision, ListAlertsRequest.fromPartial({ order }), callerMetadata(gulouSupervisor, 'pc'))).alerts.filter((a) => a.caseNumber === overdueCase);
    const newest = await list('ALERT_ORDER_NEWEST');
    expect(newest.map((a) => a.raisedOn)).toEqual([...newest.map((a) => a.raisedOn)].sort().reverse());
    expect(newest.at(0)!.raisedOn).toBe('2026-11-02');
    expect(newest.at(-1)!.raisedOn).toBe('2026-10-06');
    const byDue = await list('ALERT_ORDER_UNSPECIFIED');
    expect(byDue.map((a) => a.dueOn)).toEqual([...byDue.map((a) => a.dueOn)].sort());
    expect(byDue.map((a) => a.raisedOn)).not.toEqual(newest.map((a) => a.raisedOn));
  });

  it('shows a county supervisor the overdue case\'s alert, drills statistics down to a township, follows the case live and issues a 督办 order', async () => {
    const { page, failures } = await signIn(gulouSupervisor);
    await shoot(page, '1-alerts');
    const alertRow = page.locator(`#alerts tr[data-case-number="${overdueCase}"]`).filter({ hasText: '红牌' }).first();
    await expect(alertRow.textContent()).resolves.toMatch(/超期 \d+/);
    await expect(alertRow.textContent()).resolves.toContain('福州市鼓楼区市场监督管理局 · 350102');

    // 督办 from the alert: the order is recorded for the case's department and region.
    await alertRow.locator('button.issue').click();
    await page.fill('form.issue-order input[name=instruction]', '请说明超期原因并于期限内办结。');
    await page.fill('form.issue-order input[name=dueOn]', '2026-11-06');
    await page.click('form.issue-order button[type=submit]');
    await page.waitForSelector(`#alerts tr[data-case-number="${overdueCase}"] .order.issued`);
    const { orders } = await call(clients.supervision.listOrders, clients.supervision, ListOrdersRequest.fromPartial({}), callerMetadata(gulouSupervisor, 'pc'));
    expect(orders).toMatchObject([{ caseNumber: overdueCase, department: 'SCJGJ', regionCode: '350102', dueOn: '2026-11-06', status: 'ORDER_STATUS_ISSUED' }]);

    // Statistics of the county, by region: each township a row; the 鼓东街道 row leads to its own figures.
    await page.click('header nav a[data-page=statistics]');
    await page.waitForSelector('main[data-page=statistics] #statistics-rows');
    expect(await page.textContent('#statistics-total tbody tr')).toMatch(/^2/);
    await shoot(page, '2-statistics-county');
    await page.click('#statistics-rows a.drill[data-region="350102001"]');
    await page.waitForSelector('#statistics-total[data-region="350102001"]');
    await page.waitForSelector('main[data-page=statistics]');
    expect(await page.textContent('#statistics-total h2')).toContain('鼓东街道');
    // The township handles one of the two cases; it is overdue too.
    const township = await page.$$eval('#statistics-total tbody tr td', (cells) => cells.map((cell) => cell.textContent));
    expect(township.slice(0, 3)).toEqual(['1', '1', '0']);
    expect(township[6]).not.toBe('0');
    await shoot(page, '3-statistics-township');

    // The case page: clock, picture, live history, trace with the viewer's link, the order.
    await page.goto(`${consoleEndpoint.url}/#/case/${overdueCase}`);
    await page.waitForSelector('main[data-page=case] #history li[data-event-type=caseAccepted]');
    expect(await page.textContent('#days-left')).toMatch(/^超期 \d+$/);
    expect(await page.$$eval('#picture svg circle', (dots) => dots.map((dot) => dot.getAttribute('data-event-type')))).toEqual(expect.arrayContaining(['caseSubmitted', 'caseAccepted', 'caseAlertRaised']));
    expect(await page.getAttribute('#trace a.trace', 'href')).toBe(TRACE_VIEWER.replace('{traceId}', TRACE_ID));
    expect(await page.textContent('#orders')).toContain('请说明超期原因');
    const shown = await page.$$eval('#history li', (items) => items.length);

    // An approver claims the review task over gRPC: the entry arrives on the open page.
    const approver = callerMetadata(marketStaff, 'pc');
    const { tasks } = await call(clients.approval.listTasks, clients.approval, ListTasksRequest.fromPartial({}), approver);
    const review = tasks.find((task) => task.caseNumber === overdueCase && task.stepId === 'review')!;
    await call(clients.approval.claimTask, clients.approval, { requestId: randomUUID(), taskId: review.taskId }, approver);
    await page.waitForSelector('#history li[data-event-type=taskClaimed]');
    expect(await page.$$eval('#history li', (items) => items.length)).toBeGreaterThan(shown);
    await page.waitForSelector('#picture svg circle[data-event-type=taskClaimed]');
    await shoot(page, '4-case');
    // The README's picture of the console: what a supervisor sees first of a case.
    await page.screenshot({ path: join(SCREENSHOTS, 'readme-case.png') });
    // Personal data arrives masked: the applicant's name, ID number and phone never show.
    expect(await page.textContent('body')).not.toMatch(/李四|34052419800101001X|13912345678/);
    expect(failures).toEqual([]);
  }, 60_000);

  it('reviews a department\'s appeal against a bad rating from the case page', async () => {
    const rated = await submitAndAccept(foodLicense.itemCode);
    await approveEverything(clients, rated, ['SCJGJ']);
    const supervisor = callerMetadata(gulouSupervisor, 'pc');
    await waitUntil('supervision to see the case concluded', async () =>
      (await call(clients.supervision.getCaseClock, clients.supervision, { caseNumber: rated, consistencyToken: '' }, supervisor)).clock?.status === 'CLOCK_STATUS_STOPPED');
    const { rating } = await call(clients.supervision.submitRating, clients.supervision, SubmitRatingRequest.fromPartial({
      requestId: randomUUID(), caseNumber: rated, channel: 'RATING_CHANNEL_MOBILE', level: 5, dimensions: [{ dimension: 'attitude', level: 5 }], comment: '不满意',
    }), as('applicant', 'mobile'));
    await call(clients.supervision.appealRating, clients.supervision, { requestId: randomUUID(), ratingId: rating!.ratingId, ground: 'APPEAL_GROUND_MISTAKEN', reason: '评价人误评' }, callerMetadata(marketStaff, 'pc'));

    const { page, failures } = await signIn(gulouSupervisor);
    await page.goto(`${consoleEndpoint.url}/#/case/${rated}`);
    await page.fill('#ratings form.review-appeal input[name=note]', '经核实为误评');
    await page.click('#ratings form.review-appeal button[value=yes]');
    await page.waitForSelector('#ratings :text("复核：申诉成立")');
    await shoot(page, '5-appeal-reviewed');
    const { ratings } = await call(clients.supervision.listCaseRatings, clients.supervision, { caseNumber: rated, consistencyToken: '' }, supervisor);
    expect(ratings).toMatchObject([{ excluded: true, appeal: { reviewed: true, upheld: true, reviewNote: '经核实为误评' } }]);
    expect(failures).toEqual([]);
  }, 60_000);

  it('lists the jurisdiction\'s 督办 orders and closes one the department replied to', async () => {
    const supervisor = callerMetadata(gulouSupervisor, 'pc');
    const { order } = await call(clients.supervision.issueOrder, clients.supervision, {
      requestId: randomUUID(), caseNumber: townshipCase, department: 'SCJGJ', regionCode: '350102001', instruction: '请加快办理', dueOn: '2026-11-09',
    }, supervisor);
    await call(clients.supervision.replyOrder, clients.supervision, { requestId: randomUUID(), orderId: order!.orderId, reply: '已安排专人办理' }, callerMetadata(marketStaff, 'pc'));

    const { page, failures } = await signIn(gulouSupervisor);
    await page.click('header nav a[data-page=orders]');
    const row = page.locator(`#orders-list tr[data-order-id="${order!.orderId}"]`);
    await expect(row.textContent()).resolves.toContain('已安排专人办理');
    // The department by its name in the directory (the township's order names 鼓楼's department), not its code.
    await expect(row.textContent()).resolves.toContain('福州市鼓楼区市场监督管理局 · 350102001');
    await row.locator('input[name=note]').fill('已办结');
    await row.locator('form.close-order button').click();
    await page.waitForSelector(`#orders-list tr[data-order-id="${order!.orderId}"] td:text-is("已办结")`);
    await shoot(page, '6-orders');
    const { orders } = await call(clients.supervision.listOrders, clients.supervision, ListOrdersRequest.fromPartial({ caseNumber: townshipCase }), supervisor);
    expect(orders).toMatchObject([{ orderId: order!.orderId, status: 'ORDER_STATUS_CLOSED', closingNote: '已办结' }]);
    expect(failures).toEqual([]);
  });

  it('shows a supervisor of another county neither the alert nor the case', async () => {
    const { page, failures } = await signIn(minhouSupervisor);
    expect(await page.$$(`#alerts tr[data-case-number="${overdueCase}"]`)).toHaveLength(0);
    await page.goto(`${consoleEndpoint.url}/#/case/${overdueCase}`);
    await expect(page.waitForSelector('#error:not(:empty)').then((error) => error.textContent())).resolves.toMatch(/^PermissionDenied: /);
    expect(await page.$$('#history li')).toHaveLength(0);
    await shoot(page, '7-other-county');
    expect(failures).toEqual([]);
  }, 30_000);

  it('reaches, from a process that runs supervision alone, acceptance where OW_CONSOLE_ENDPOINTS says it is', async () => {
    const readHistory = (url: string) =>
      fetch(`${url}/onewindow.acceptance.v1.AcceptanceService/GetCaseHistory`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mintDevelopmentToken(gulouSupervisor)}` },
        body: JSON.stringify({ caseNumber: townshipCase }),
      });
    const supervisionAlone = { supervision: test.endpoints.supervision };
    const distributed = { OW_DATA_DIR: test.dataDir, OW_SERVICES: 'supervision', OW_BUS: 'kafka', OW_KAFKA_BROKERS: 'kafka:9092', OW_CONSOLE_PORT: '0' };
    const logger = createLogger({ level: 'warn' });
    const told = (await startConsoleEndpoint(loadConfiguration({ ...distributed, OW_CONSOLE_ENDPOINTS: `acceptance=${test.endpoints.acceptance}` }), supervisionAlone, logger))!;
    try {
      const response = await readHistory(told.url);
      expect(response.status).toBe(200);
      expect((await response.json()) as { entries: unknown[] }).toMatchObject({ entries: expect.arrayContaining([expect.objectContaining({ eventType: 'caseAccepted' })]) });
    } finally {
      await told.stop();
    }
    expect(() => loadConfiguration(distributed)).toThrow(/OW_CONSOLE_ENDPOINTS/);
  });

  it('signs a token the platform refuses out at once', async () => {
    const page = await browser.newPage();
    await page.goto(consoleEndpoint.url);
    await page.fill('#sign-in textarea[name=token]', 'dev.not-json');
    await page.click('#sign-in button[type=submit]');
    await expect(page.waitForSelector('#error:not(:empty)').then((error) => error.textContent())).resolves.toMatch(/^Unauthenticated: /);
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('goes back to the sign-in form, saying why, when the platform refuses the token in the middle of a session', async () => {
    const { page } = await signIn(gulouSupervisor);
    // What an expired token does: the next call is refused.
    await page.evaluate(() => sessionStorage.setItem('onewindow.console.token', 'dev.eyJzdWIiOiIifQ'));
    await page.click('header nav a[data-page=statistics]');
    await expect(page.waitForSelector('#error:not(:empty)').then((error) => error.textContent())).resolves.toMatch(/^Unauthenticated: /);
    await page.waitForSelector('#sign-in', { state: 'visible' });
    expect(await page.isVisible('header nav')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
