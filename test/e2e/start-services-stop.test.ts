import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChild } from '../support/child-process.ts';
import { skipWithoutKafka } from '../support/kafka-suite.ts';

const skip = skipWithoutKafka('npm run start:services -- --kafka-mock, stopped by Ctrl-C');

describe.skipIf(skip)('npm run start:services -- --kafka-mock, stopped by Ctrl-C', () => {
  it('stops the four services before the mock cluster they drain into: none of them loses its broker', async () => {
    // The script itself (what `npm run start:services` runs), so that the exit status is its own, not npm's.
    const run = startChild(process.execPath, ['scripts/start-services.ts', '--kafka-mock'], { OW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ow-start-services-')) });
    try {
      for (const service of ['acceptance', 'approval', 'supervision', 'notification']) {
        await run.waitFor(new RegExp(`\\[${service}\\] OneWindow is up`), 90_000);
      }
      const upTo = run.output().length;
      // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
      process.kill(-run.child.pid!, 'SIGINT');
      const { code } = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not stopped after 30 s:\n${run.output().slice(upTo)}`)), 30_000))]);
      const afterCtrlC = run.output().slice(upTo);
      expect(code, afterCtrlC).toBe(0);
      for (const service of ['acceptance', 'approval', 'supervision', 'notification']) expect(afterCtrlC).toContain(`[${service}] exited (0)`);
      // kafkajs's lines carry "kafka": a broker that went away first shows as connection errors.
      expect(afterCtrlC.split('\n').filter((line) => /"kafka":|ECONNREFUSED/.test(line))).toEqual([]);
    } finally {
      run.killAll();
    }
  }, 150_000);
});
