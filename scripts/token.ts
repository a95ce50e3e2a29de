/**
 * `npm run token -- --sub clerk-1 --role clerk --region 350102 --hall h1 --window w3`
 * `npm run token -- --sub applicant-1 --role applicant --id-number 11010519491231002X`
 * Prints a development token (OW_AUTH_MODE=development only) for calling the platform with
 * grpcurl or a frontend under development.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type RoleName, mintDevelopmentToken, roleNameList } from '../services/platform/grpc/development-token.ts';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string', multiple: true },
    department: { type: 'string', default: '' },
    region: { type: 'string', default: '' },
    hall: { type: 'string', default: '' },
    window: { type: 'string', default: '' },
    'id-number': { type: 'string' },
    'credit-code': { type: 'string' },
  },
});
if (!values.sub || !values.role?.length) {
  process.stderr.write(`usage: npm run token -- --sub <account> --role <${roleNameList.join('|')}> [--role ...] [--department D] [--region R] [--hall H] [--window W] [--id-number N | --credit-code C]\n`);
  process.exit(64);
}
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
  process.stdout.write(`${mintDevelopmentToken(claims)}\n`);
} catch (error) {
  if (!(error instanceof z.ZodError)) throw error;
  // Name the claim and the rule; never echo the value (it may be an ID number).
  for (const issue of error.issues) process.stderr.write(`${issue.path.join('.') || 'claims'}: ${issue.message}\n`);
  process.exit(64);
}
