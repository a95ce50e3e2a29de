import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcceptanceService } from '../../generated/es/onewindow/acceptance/v1/acceptance_service_pb.js';
import { MaterialSource, TrustLevel } from '../../generated/es/onewindow/acceptance/v1/case_pb.js';
import { AcceptCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { call, connect } from '../../scripts/lib/channel-clients.ts';
import { catalogSeed } from '../../services/acceptance/seed/catalog-seed.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { startWebEndpoint } from '../../services/host/web-endpoint.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import type { WebGateway } from '../../services/platform/web/web-gateway.ts';
import { as, people } from '../support/channels.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

// Debian's chromium, driven by playwright-core: no browser is downloaded (.ci/run installs it).
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (!CHROMIUM) process.stderr.write('\n[SKIPPED] the browser client: needs Debian\'s chromium (apt-get install chromium), not found at /usr/bin/chromium\n');

const soleTrader = catalogSeed[1]!;
const ALLOWED_ORIGIN = 'https://zwfw.example.gov.cn';

describe.skipIf(!CHROMIUM)('the example page in a real browser, over the platform\'s browser API', () => {
  let test: TestPlatform;
  let web: WebGateway;
  let browser: Browser;

  beforeAll(async () => {
    test = await startTestPlatform();
    const config = loadConfiguration({ OW_DATA_DIR: test.dataDir, OW_WEB_ORIGINS: ALLOWED_ORIGIN });
    web = (await startWebEndpoint(config, test.endpoints, createLogger({ level: 'warn' }), 0))!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await test?.stop();
  });

  it('submits a case as the applicant, watches its history live while a clerk accepts it over gRPC, and shows a field violation', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(web.url);
    await page.fill('input[name=token]', mintDevelopmentToken(people.applicant));
    await page.dispatchEvent('input[name=token]', 'change');
    await page.waitForSelector(`select[name=itemCode] option[value="${soleTrader.itemCode}"]`, { state: 'attached' });
    await page.selectOption('select[name=itemCode]', soleTrader.itemCode);
    await page.fill('input[name=name]', '李四');
    await page.fill('input[name=phone]', '13912345678');

    // A bad ID number: the page shows the field and the rule, as the gRPC caller gets them.
    await page.fill('input[name=idNumber]', '34052419800101001Y');
    await page.click('button[type=submit]');
    const violation = await page.waitForSelector('#violations li');
    expect(await violation.getAttribute('data-field')).toBe('applicant.person.id_number');
    expect(await page.textContent('#error')).toMatch(/^InvalidArgument: /);

    await page.fill('input[name=idNumber]', '34052419800101001X');
    await page.click('button[type=submit]');
    await page.waitForSelector('#history li[data-event-type=caseSubmitted]');
    const caseNumber = (await page.textContent('#case'))!;
    expect(caseNumber).toMatch(/^\d+/);
    expect(await page.$$('#violations li')).toHaveLength(0);

    const clients = connect(test.endpoints);
    try {
      await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: randomUUID(), caseNumber }), as('countyClerk', 'counter'));
      await page.waitForSelector('#history li[data-event-type=caseAccepted]');
      // The page's list is the history in its one order: the same entries at the same positions.
      const shown = await page.$$eval('#history li', (items) => items.map((item) => [(item as unknown as { value: number }).value, item.textContent]));
      const { entries } = await call(clients.acceptance.getCaseHistory, clients.acceptance, { caseNumber, consistencyToken: '' }, as('applicant', 'pc'));
      expect(shown).toEqual(entries.slice(0, shown.length).map((entry) => [Number(entry.position), entry.summary]));
    } finally {
      clients.close();
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers gRPC-Web too, server streaming included: a clerk submits and accepts a case, and watches it', async () => {
    const transport = createGrpcWebTransport({ baseUrl: web.url, httpVersion: '1.1' });
    const acceptance = createClient(AcceptanceService, transport);
    const headers = { authorization: `Bearer ${mintDevelopmentToken(people.countyClerk)}`, 'ow-channel': 'counter' };
    const { items } = await acceptance.listServiceItems({ keyword: soleTrader.name }, { headers });
    expect(items.map((item) => item.itemCode)).toContain(soleTrader.itemCode);
    const materials = soleTrader.materials.filter((material) => material.required).map((material) => ({ materialCode: material.code, source: MaterialSource.UPLOAD, reference: `scan-${material.code}`, trustLevel: TrustLevel.B }));
    const { caseNumber } = await acceptance.submitCase(
      { requestId: randomUUID(), itemCode: soleTrader.itemCode, applicant: { kind: { case: 'person', value: { name: '李四', idNumber: '34052419800101001X' } }, phone: '13912345678' }, materials, submittedRegionCode: '350102001', applicantSubject: people.applicant.sub },
      { headers },
    );
    await acceptance.acceptCase({ requestId: randomUUID(), caseNumber }, { headers });
    const positions: bigint[] = [];
    for await (const { entry } of acceptance.watchCase({ caseNumber }, { headers })) {
      positions.push(entry!.position);
      if (positions.length === 2) break;
    }
    expect(positions).toEqual([1n, 2n]);
  });

  it('refuses a request larger than the gRPC servers accept, as they do (RESOURCE_EXHAUSTED)', async () => {
    const { OW_GRPC_MAX_REQUEST_BYTES: limit } = loadConfiguration({});
    const response = await fetch(`${web.url}/onewindow.acceptance.v1.AcceptanceService/ListServiceItems`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mintDevelopmentToken(people.countyClerk)}` },
      body: JSON.stringify({ keyword: 'x'.repeat(limit) }),
    });
    expect(await response.json()).toMatchObject({ code: 'resource_exhausted' });
  });

  it('lets the configured origins\' pages call it, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${web.url}/onewindow.acceptance.v1.AcceptanceService/ListServiceItems`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,ow-channel' },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect((await preflight('https://elsewhere.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
