/**
 * `npm run build` (only that way: it needs npm's PATH): compiles the services to JavaScript in dist/ (what the container image runs)
 * and copies the files they read at run time. Starts from an empty dist/, so nothing stale ships.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
// tsc of the typescript devDependency: npm puts node_modules/.bin first on the PATH of its scripts.
execFileSync('tsc', ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// The descriptor sets the gRPC servers answer reflection from.
for (const set of ['descriptors.binpb', 'grpc-health.binpb']) cpSync(join(root, 'generated', set), join(dist, 'generated', set));
// The protobuf-es code is JavaScript already (tsc leaves it out), and the browser API serves it and the example page.
cpSync(join(root, 'generated', 'es'), join(dist, 'generated', 'es'), { recursive: true });
cpSync(join(root, 'web'), join(dist, 'web'), { recursive: true });
// The national division table the region registry reads at start.
cpSync(join(root, 'services', 'platform', 'regions', 'divisions'), join(dist, 'services', 'platform', 'regions', 'divisions'), { recursive: true });
process.stdout.write(`built ${dist}\n`);
