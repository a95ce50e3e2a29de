import type pg from 'pg';

/**
 * Samples every checkpoint of the services' PostgreSQL schemas (event stores' and read models')
 * while the replicated test runs, and reports any that moved backwards: progress must be monotone
 * whichever replica writes it.
 */
export class CheckpointSampler {
  readonly #admin: pg.Pool;
  readonly #schemas: readonly string[];
  readonly #highest = new Map<string, number>();
  readonly problems: string[] = [];
  samples = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(admin: pg.Pool, schemas: readonly string[]) {
    this.#admin = admin;
    this.#schemas = schemas;
  }

  start(everyMs = 250): void {
    this.#timer = setInterval(() => {
      this.#running = this.#running.then(() => this.#sample()).catch(() => undefined);
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
    await this.#sample();
  }

  async #sample(): Promise<void> {
    const parts = this.#schemas.flatMap((schema) => [
      `SELECT '${schema} relay ' || name AS name, position FROM ${schema}.checkpoints`,
      `SELECT '${schema} projection ' || projection AS name, position FROM ${schema}.projection_checkpoints`,
    ]);
    const { rows } = await this.#admin.query<{ name: string; position: string }>(parts.join(' UNION ALL '));
    this.samples += 1;
    for (const row of rows) {
      const position = Number(row.position);
      const highest = this.#highest.get(row.name) ?? 0;
      if (position < highest) this.problems.push(`checkpoint ${row.name} moved backwards from ${highest} to ${position}`);
      this.#highest.set(row.name, Math.max(highest, position));
    }
  }
}
