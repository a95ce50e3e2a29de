/**
 * `npm run token -- --sub clerk-1 --role clerk --region 350102 --hall h1 --window w3`
 * Prints a development token (OW_AUTH_MODE=development only) for calling the platform with
 * grpcurl or a frontend under development.
 */
import { parseArgs } from 'node:util';
import { type RoleName, mintDevelopmentToken, roleNameList } from '../services/platform/grpc/development-token.ts';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string', multiple: true },
    department: { type: 'string', default: '' },
    region: { type: 'string', default: '' },
    hall: { type: 'string', default: '' },
    window: { type: 'string', default: '' },
  },
});
if (!values.sub || !values.role?.length) {
  process.stderr.write(`usage: npm run token -- --sub <account> --role <${roleNameList.join('|')}> [--role ...] [--department D] [--region R] [--hall H] [--window W]\n`);
  process.exit(64);
}
process.stdout.write(
  `${mintDevelopmentToken({
    sub: values.sub,
    roles: values.role as RoleName[],
    department: values.department,
    region: values.region,
    hall: values.hall,
    window: values.window,
  })}\n`,
);
