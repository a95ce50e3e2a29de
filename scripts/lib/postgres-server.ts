import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** The URL of a new, empty database of this server. */
  newDatabase(): Promise<string>;
  /** The server's URL with the `postgres` database (for admin work: terminating connections). */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** Where Debian's postgresql package puts the server's programs, newest major version first. */
function serverBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const [, , uid, gid] = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Why no PostgreSQL server can be had here, or undefined when one can (PG_URL, or Debian's postgresql package). */
export function postgresUnavailable(): string | undefined {
  if (process.env.PG_URL || serverBinaries()) return undefined;
  return "no PG_URL and no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb; .ci/run installs Debian's postgresql)";
}

/**
 * A PostgreSQL server for tests, the reliability harness and the bench: PG_URL's, or one started
 * here from Debian's `postgresql` package in a temporary directory, listening on a Unix socket
 * only, and removed by stop(). Each call of newDatabase() creates a database of its own.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  if (process.env.PG_URL) return onServer(process.env.PG_URL, async () => undefined);
  const bin = serverBinaries();
  if (!bin) throw new Error(postgresUnavailable());
  const dir = mkdtempSync(join(tmpdir(), 'ow-pg-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const asServerUser = { ...(user ?? {}), stdio: 'pipe' as const };
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], asServerUser);
  // fsync off for tests: a test never loses power, and the server's durability is PostgreSQL's,
  // not ours to test. A bench (`durable`) keeps PostgreSQL's defaults: every commit flushed.
  const durability = options.durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off'];
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-k', dir, '-c', 'listen_addresses=', ...durability, '-c', 'max_connections=300', '-c', 'shared_buffers=64MB'],
    asServerUser,
  );
  let output = '';
  server.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  try {
    await waitForServer(url, server, () => output);
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return onServer(url, async () => {
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGINT'); // fast shutdown
    });
    rmSync(dir, { recursive: true, force: true });
  });
}

async function waitForServer(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited with ${server.exitCode}: ${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > until) throw new Error(`PostgreSQL did not accept connections in 30 s (${(error as Error).message}): ${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function onServer(adminUrl: string, stop: () => Promise<void>): PostgresServer {
  return {
    adminUrl,
    async newDatabase() {
      const name = `ow_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.href;
    },
    stop,
  };
}
