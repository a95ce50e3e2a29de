/**
 * `npm run token -- --sub clerk-1 --role clerk --region 350102 --hall h1 --window w3`
 * `npm run token -- --sub applicant-1 --role applicant --id-number 11010519491231002X`
 * `npm run token -- --sub service:sms-gateway --role system`
 * Prints a token for calling the platform with grpcurl or a frontend under development. By default
 * the token is signed (ES256) with the local key in OW_DATA_DIR/keys, which an embedded platform in
 * OW_AUTH_MODE=jwt (the default) trusts; it expires after --expires-in (default 8h).
 * `--unsigned` (or OW_AUTH_MODE=development) prints a development token instead, which only a
 * platform in development mode accepts. Reads the same OW_* variables as the platform.
 */
import { z } from 'zod';
import { ConfigurationError, loadConfiguration } from '../services/host/configuration.ts';
import { type RoleName, roleNameList } from '../services/platform/security/caller.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';
import { CannotMintError, tokenMinterFor } from './lib/token-minter.ts';

/** Claims that break one of the platform's rules (sysexits EX_USAGE). */
const EX_CLAIMS_REFUSED = 64;
const EX_CONFIG = 78;
const MAX_LIFETIME_S = 30 * 86_400;

const USAGE =
  `usage: npm run token -- --sub <account> --role <${roleNameList.join('|')}> [--role ...] [--department D] [--region R] [--hall H] [--window W] ` +
  '[--id-number N | --credit-code C] [--expires-in 30m|8h|7d (at most 30d)] [--unsigned]';
const HELP = `${USAGE}

Prints a token for calling the platform (grpcurl, buf curl, a frontend under development): signed
(ES256) with the local key in OW_DATA_DIR/keys, which the platform in OW_AUTH_MODE=jwt trusts, or
with --unsigned (or OW_AUTH_MODE=development) a development token. Reads the platform's OW_* settings.
Exit status: 0 printed; 2 called wrongly; 64 the claims break a rule; 78 a setting is wrong.`;

const { values } = parseCommandLine('token', HELP, {
  options: {
    sub: { type: 'string' },
    role: { type: 'string', multiple: true },
    department: { type: 'string', default: '' },
    region: { type: 'string', default: '' },
    hall: { type: 'string', default: '' },
    window: { type: 'string', default: '' },
    'id-number': { type: 'string' },
    'credit-code': { type: 'string' },
    'expires-in': { type: 'string', default: '8h' },
    unsigned: { type: 'boolean', default: false },
  },
});
const lifetime = secondsOf(values['expires-in']);
if (!values.sub || !values.role?.length) usageError('token', 'needs --sub and at least one --role');
if (lifetime === undefined) usageError('token', '--expires-in takes a lifetime such as 30m, 8h or 7d (at most 30d)');

const claims = {
  sub: values.sub,
  roles: values.role as RoleName[],
  department: values.department,
  region: values.region,
  hall: values.hall,
  window: values.window,
  ...(values['id-number'] || values['credit-code'] ? { holder: { idNumber: values['id-number'], creditCode: values['credit-code'] } } : {}),
};
try {
  const mint = tokenMinterFor(loadConfiguration(), { expiresInS: lifetime, unsigned: values.unsigned });
  process.stdout.write(`${mint(claims)}\n`);
} catch (error) {
  if (error instanceof ConfigurationError || error instanceof CannotMintError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_CONFIG);
  }
  if (!(error instanceof z.ZodError)) throw error;
  // Name the claim and the rule; never echo the value (it may be an ID number).
  for (const issue of error.issues) process.stderr.write(`${issue.path.join('.') || 'claims'}: ${issue.message}\n`);
  process.exit(EX_CLAIMS_REFUSED);
}

/** "30m", "8h", "7d" in seconds; undefined for anything else or more than 30 days. */
function secondsOf(text: string): number | undefined {
  const match = /^(\d{1,5})([mhd])$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * { m: 60, h: 3600, d: 86_400 }[match[2] as 'm' | 'h' | 'd'];
  return seconds > 0 && seconds <= MAX_LIFETIME_S ? seconds : undefined;
}
