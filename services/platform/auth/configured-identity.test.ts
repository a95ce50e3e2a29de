import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../config/load-settings.ts';
import { platformSettings } from '../config/platform-settings.ts';

const loadConfiguration = (environment: NodeJS.ProcessEnv) => loadSettings(environment, platformSettings, []);
import { developmentIdentity, mintDevelopmentToken } from './development-token.ts';
import { createLogger } from '../logging/logger.ts';
import { configuredIdentity } from './configured-identity.ts';
import { localSigningKey } from './local-signing-key.ts';
import { signToken } from './sign-token.ts';

function logged() {
  const lines: Array<{ level: string; msg: string }> = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }) });
  return { lines, logger };
}

describe('the identity a process is configured with', () => {
  it('in development mode: development tokens, and one loud warning that nobody is authenticated', async () => {
    const { lines, logger } = logged();
    const identity = configuredIdentity(loadConfiguration({ OW_AUTH_MODE: 'development' }), logger);
    expect(identity).toBe(developmentIdentity);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('callers are NOT authenticated') })]);
  });

  it('by default (jwt) on the embedded stores: tokens signed with the local key of the data directory, and no development token', async () => {
    const { lines, logger } = logged();
    const dataDir = mkdtempSync(join(tmpdir(), 'ow-identity-'));
    const identity = configuredIdentity(loadConfiguration({ OW_DATA_DIR: dataDir }), logger);
    const signed = signToken({ sub: 'operator-1', roles: ['operator'] }, localSigningKey(dataDir), { issuer: 'onewindow', audience: 'onewindow', expiresInS: 60 });
    expect((await identity.resolve(`Bearer ${signed}`)).roles).toEqual(['ROLE_OPERATOR']);
    await expect(identity.resolve(`Bearer ${mintDevelopmentToken({ sub: 'operator-1', roles: ['operator'] })}`)).rejects.toThrow('not a signed token');
    expect(lines.map((line) => line.level)).toEqual(['info']);
  });
});
