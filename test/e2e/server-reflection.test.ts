import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';
import { as } from '../support/channels.ts';

const buf = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'buf');

/** `buf curl` with the schema from server reflection alone (no --schema): what an operator types. */
async function bufCurl(endpoint: string, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const base = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '--reflect-protocol', 'grpc-v1'];
  try {
    const { stdout } = await promisify(execFile)(buf, [...base, ...args.map((arg) => arg.replace('{endpoint}', `http://${endpoint}`))]);
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

const bearer = (who: Parameters<typeof as>[0]) => `authorization: ${String(as(who, 'pc').get('authorization')[0])}`;

/** A call each service answers for the given person: the service, its method, a request and who asks. */
const calls = {
  acceptance: { service: 'onewindow.acceptance.v1.AcceptanceService', method: 'ListServiceItems', request: '{}', who: 'applicant', answer: /"items"/ },
  approval: { service: 'onewindow.approval.v1.ApprovalService', method: 'ListTasks', request: '{}', who: 'approver', answer: /^\{/ },
  supervision: { service: 'onewindow.supervision.v1.SupervisionService', method: 'GetSupervisionPolicy', request: '{"regionCode":"350100"}', who: 'supervisor', answer: /"policy"/ },
  notification: { service: 'onewindow.notification.v1.NotificationService', method: 'GetNotificationPreferences', request: '{}', who: 'applicant', answer: /^\{/ },
} as const;

describe('standard gRPC tools through server reflection alone', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  }, 60_000);
  afterAll(() => platform?.stop());

  for (const [name, call] of Object.entries(calls)) {
    describe(name, () => {
      it('lists its methods and the health service', async () => {
        const { ok, output } = await bufCurl(platform.endpoints[name as keyof typeof calls], ['--list-methods', '{endpoint}']);
        expect(ok, output).toBe(true);
        expect(output).toContain(`${call.service}/${call.method}`);
        expect(output).toContain('grpc.health.v1.Health/Check');
      });

      it(`answers ${call.method}, built from the reflected schema`, async () => {
        const url = `{endpoint}/${call.service}/${call.method}`;
        const { ok, output } = await bufCurl(platform.endpoints[name as keyof typeof calls], ['-H', bearer(call.who), '-d', call.request, url]);
        expect(ok, output).toBe(true);
        expect(output.trim()).toMatch(call.answer);
      });

      it('answers grpc.health.v1.Health/Check', async () => {
        const url = '{endpoint}/grpc.health.v1.Health/Check';
        const { ok, output } = await bufCurl(platform.endpoints[name as keyof typeof calls], ['-d', `{"service":"${call.service}"}`, url]);
        expect(ok, output).toBe(true);
        expect(JSON.parse(output)).toEqual({ status: 'SERVING' });
      });
    });
  }
});
