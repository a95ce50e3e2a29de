import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { GetCaseHistoryRequest, GetCaseRequest, ListCasesRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { type AllInOne, startAllInOne } from '../../services/host/all-in-one/all-in-one.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { type ServiceName, serviceNames } from '../../services/contracts/service-names.ts';
import type { StoredEvent } from '../../services/platform/store/event-store.ts';
import { type Endpoints, call, callerMetadata, connect } from '../lib/channel-clients.ts';
import { type Ledger, workloadCallers } from './workload.ts';
import { localPlatformSettings } from '../lib/local-platform-settings.ts';
import { wholeFeed } from '../../services/platform/store/whole-feed.ts';
import { isHistoryEntry } from '../../services/acceptance/app/history-entry.ts';

/**
 * What must hold after a run, crashes or not, checked on the stopped platform's data directory:
 * the platform is started in this process on it (so its stores and projections are at hand), left
 * to finish what was in flight, and then:
 * - every case a client was told was submitted exists, in the state its last acknowledged step
 *   implies, is listed to its counter, and was created once (one case per request id);
 * - each such case's unified history holds every event the four stores hold about it, once;
 * - every read model equals its rebuild from the events;
 * - no notification was delivered twice (the file provider's outbox), and each delivery is recorded;
 * - every consumer group caught up, and nothing went to a dead-letter topic.
 */
export interface Verification {
  readonly problems: string[];
  readonly facts: Record<string, number | string>;
}

const SUBMIT_PATH = '/onewindow.acceptance.v1.AcceptanceService/SubmitCase';

export async function verifyDataDir(dataDir: string, ledger: Ledger, log: (line: string) => void = () => undefined): Promise<Verification> {
  const problems: string[] = [];
  const facts: Record<string, number | string> = {};
  const groups = consumerGroups(join(dataDir, 'bus', 'bus.sqlite'));

  const logLines: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }),
  });
  const config = loadConfiguration({ ...localPlatformSettings(dataDir), OW_SHUTDOWN_GRACE_MS: '2000' });
  const platform = await startAllInOne({ config, logger });
  try {
    const settledMs = await quiescence(platform, groups);
    facts['settled after the final restart (ms)'] = settledMs;
    log(`verify: the platform settled ${settledMs} ms after its final start`);

    const eventsByCase = await eventsAboutCases(platform);
    await checkCases(platform.endpoints as unknown as Endpoints, ledger, eventsByCase, problems, facts);
    log(`verify: ${facts['cases acknowledged']} acknowledged cases and their histories checked`);
    await checkRebuilds(platform, problems, facts);
    log(`verify: ${facts['read models rebuilt']} read models equal their rebuilds`);
    await checkDeliveries(platform, dataDir, problems, facts);
  } finally {
    await platform.stop();
  }
  checkRequestIdsOffline(join(dataDir, 'acceptance', 'events.sqlite'), ledger, problems, facts);
  checkBusOffline(join(dataDir, 'bus', 'bus.sqlite'), problems, facts);
  const errors = logLines.filter((line) => /"level":"(error|fatal)"/.test(line));
  if (errors.length) problems.push(`the verifying platform logged ${errors.length} errors, e.g. ${errors[0]!.slice(0, 500)}`);
  return { problems, facts };
}

function generationOf(group: string): { base: string; generation: number } {
  const match = /^(.*)\.g(\d+)$/.exec(group);
  return match ? { base: match[1]!, generation: Number(match[2]) } : { base: group, generation: 0 };
}

/** The groups that are the latest generation of their base name (a rebuild consumes as "<group>.g<n>"). */
function latestGenerations(groups: readonly string[]): Set<string> {
  const latest = new Map<string, { group: string; generation: number }>();
  for (const group of groups) {
    const { base, generation } = generationOf(group);
    if ((latest.get(base)?.generation ?? -1) < generation) latest.set(base, { group, generation });
  }
  return new Set([...latest.values()].map((entry) => entry.group));
}

/** Consumer groups (latest generations) and their topics, read from the stopped platform's bus. */
function consumerGroups(busPath: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  if (!existsSync(busPath)) return groups;
  const db = new DatabaseSync(busPath, { readOnly: true });
  try {
    for (const row of db.prepare('SELECT DISTINCT group_id, topic FROM group_offsets').all() as Array<{ group_id: string; topic: string }>) {
      groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row.topic]);
    }
  } finally {
    db.close();
  }
  const latest = latestGenerations([...groups.keys()]);
  for (const group of groups.keys()) if (!latest.has(group)) groups.delete(group);
  return groups;
}

/**
 * Waits until nothing moves: every relay published everything, every projection and consumer group
 * is caught up, and no store grew for two seconds (the dispatcher and reactions are done).
 */
async function quiescence(platform: AllInOne, groups: Map<string, string[]>, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let previous = '';
  let stableSince = Date.now();
  for (;;) {
    const heads: number[] = [];
    // What still lags, by name, for the message if it never settles.
    const behind: Array<[what: string, lag: number]> = [];
    const add = (what: string, value: number) => {
      if (value > 0) behind.push([what, value]);
    };
    for (const service of serviceNames) {
      const { store } = platform.dependencies[service];
      const head = await store.headPosition();
      heads.push(head);
      add(`${service} relay`, await platform.modules[service].relayLag());
      for (const runner of platform.modules[service].projections) add(`${service} ${runner.name}`, await runner.lag());
    }
    const bus = platform.dependencies.acceptance.bus;
    for (const [group, topics] of groups) add(group, await bus.lag(group, topics));
    const lag = behind.reduce((sum, [, value]) => sum + value, 0);
    const signature = `${heads.join(',')}|${lag}`;
    if (signature !== previous) {
      previous = signature;
      stableSince = Date.now();
    } else if (lag === 0 && Date.now() - stableSince >= 2_000 && (await undeliveredNotifications(platform)).length === 0) {
      return Date.now() - started - 2_000;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`the platform did not settle within ${timeoutMs} ms (lag ${lag}: ${behind.map(([what, value]) => `${what} ${value}`).join(', ')})`);
    await delay(200);
  }
}

/** Notifications queued and neither sent nor failed yet: the dispatcher's work still to do. */
export async function undeliveredNotifications(platform: AllInOne): Promise<string[]> {
  const open = new Set<string>();
  for await (const event of wholeFeed(platform.dependencies.notification.store)) {
    const id = (event.payload as { notificationId?: string }).notificationId ?? '';
    if (event.eventType === 'notificationQueued') open.add(id);
    else if (event.eventType === 'notificationSent' || event.eventType === 'notificationFailed') open.delete(id);
  }
  return [...open];
}

export async function eventsAboutCases(platform: AllInOne): Promise<Map<string, StoredEvent[]>> {
  const byCase = new Map<string, StoredEvent[]>();
  for (const service of serviceNames) {
    for await (const event of wholeFeed(platform.dependencies[service].store)) {
      if (!event.correlationId) continue;
      const events = byCase.get(event.correlationId);
      if (events) events.push(event);
      else byCase.set(event.correlationId, [event]);
    }
  }
  return byCase;
}

const STATES_AFTER: Record<string, readonly string[]> = {
  submitted: ['CASE_STATUS_SUBMITTED', 'CASE_STATUS_ACCEPTED', 'CASE_STATUS_CONCLUDED'],
  accepted: ['CASE_STATUS_ACCEPTED', 'CASE_STATUS_CONCLUDED'],
  decided: ['CASE_STATUS_CONCLUDED'],
};

export async function checkCases(endpoints: Endpoints, ledger: Ledger, eventsByCase: Map<string, StoredEvent[]>, problems: string[], facts: Record<string, number | string>): Promise<void> {
  const clients = connect(endpoints);
  const supervisor = callerMetadata(workloadCallers.supervisor, 'pc');
  const counter = callerMetadata(workloadCallers.clerk, 'counter');
  const acknowledged = ledger.cases.filter((record) => record.caseNumber !== undefined);
  facts['cases acknowledged'] = acknowledged.length;
  let historyEntries = 0;
  try {
    const listed = new Set<string>();
    for (let pageToken = ''; ; ) {
      const page = await call(clients.acceptance.listCases, clients.acceptance, ListCasesRequest.fromPartial({ regionCode: '350102', pageSize: 200, pageToken }), counter, 30_000);
      for (const listedCase of page.cases) listed.add(listedCase.caseNumber);
      if (!page.nextPageToken) break;
      pageToken = page.nextPageToken;
    }
    facts['cases listed to the counter'] = listed.size;
    for (const record of acknowledged) {
      const caseNumber = record.caseNumber!;
      if (!listed.has(caseNumber)) problems.push(`case ${caseNumber} (${record.requestId}) is not listed by ListCases`);
      const view = await call(clients.acceptance.getCase, clients.acceptance, GetCaseRequest.fromPartial({ caseNumber }), supervisor, 30_000).catch((error: Error) => error);
      if (view instanceof Error) {
        problems.push(`GetCase ${caseNumber} (acknowledged: ${record.acknowledged.join(', ')}): ${view.message}`);
        continue;
      }
      const last = record.acknowledged.at(-1)!;
      if (!STATES_AFTER[last]!.includes(view.case?.status ?? '')) problems.push(`case ${caseNumber}: acknowledged ${last}, but its status is ${view.case?.status}`);
      const { entries } = await call(clients.acceptance.getCaseHistory, clients.acceptance, GetCaseHistoryRequest.fromPartial({ caseNumber }), supervisor, 30_000);
      historyEntries += entries.length;
      const shown = entries.map((entry) => entry.eventId);
      if (new Set(shown).size !== shown.length) problems.push(`the history of ${caseNumber} shows an event twice`);
      if (entries.some((entry, index) => Number(entry.position) !== index + 1)) problems.push(`the history of ${caseNumber} is not at positions 1 to ${entries.length}`);
      const stored = (eventsByCase.get(caseNumber) ?? []).filter(isHistoryEntry).map((event) => event.eventId);
      const missing = stored.filter((id) => !shown.includes(id));
      const extra = shown.filter((id) => !stored.includes(id));
      if (missing.length || extra.length) {
        const types = (ids: string[]) => ids.map((id) => (eventsByCase.get(caseNumber) ?? []).find((e) => e.eventId === id)?.eventType ?? id).join(', ');
        problems.push(`the history of ${caseNumber} lacks ${missing.length} stored events (${types(missing)}) and shows ${extra.length} unknown ones`);
      }
      const types = new Set(entries.map((entry) => entry.eventType));
      const expected = { submitted: ['caseSubmitted'], accepted: ['caseSubmitted', 'caseAccepted'], decided: ['caseSubmitted', 'caseAccepted', 'caseConcluded'] }[last];
      for (const type of expected) if (!types.has(type)) problems.push(`the history of ${caseNumber} has no ${type}`);
    }
    facts['history entries checked'] = historyEntries;
  } finally {
    clients.close();
  }
}

/** As test/e2e/projections.test.ts does: each read model's documents, rebuilt from scratch, are the same. */
export async function checkRebuilds(platform: AllInOne, problems: string[], facts: Record<string, number | string>): Promise<void> {
  // The services' read models are apart (a store each): they rebuild side by side, each service's one after another.
  const counts = await Promise.all(serviceNames.map((service) => rebuildService(platform, service, problems)));
  facts['read models rebuilt'] = counts.reduce((sum, count) => sum + count.rebuilt, 0);
  facts['read-model documents compared'] = counts.reduce((sum, count) => sum + count.documents, 0);
}

async function rebuildService(platform: AllInOne, service: ServiceName, problems: string[]): Promise<{ rebuilt: number; documents: number }> {
  let rebuilt = 0;
  let documents = 0;
  const { readModels } = platform.dependencies[service];
  for (const runner of platform.modules[service].projections) {
    const dump = async () =>
      Object.fromEntries(await Promise.all(runner.collections.map(async (c) => [c, await readModels.find(c, { orderBy: [['id', 'asc']] })] as const)));
    const live = await dump();
    await runner.rebuild();
    const started = Date.now();
    while ((await runner.lag()) > 0) {
      if (Date.now() - started > 300_000) throw new Error(`${service}/${runner.name} did not rebuild within 5 minutes (${await runner.lag()} events behind)`);
      await delay(50);
    }
    const again = await dump();
    documents += Object.values(live).flat().length;
    if (!isDeepStrictEqual(again, live)) {
      const differing = runner.collections.filter((c) => !isDeepStrictEqual(again[c], live[c]));
      problems.push(`${service}/${runner.name}: the rebuilt read model differs from the live one (collections ${differing.join(', ')})`);
    }
    rebuilt += 1;
  }
  return { rebuilt, documents };
}

async function checkDeliveries(platform: AllInOne, dataDir: string, problems: string[], facts: Record<string, number | string>): Promise<void> {
  const outbox = join(dataDir, 'notification', 'outbox.jsonl');
  const lines = existsSync(outbox) ? readFileSync(outbox, 'utf8').split('\n').filter((line) => line.trim()) : [];
  const delivered: string[] = [];
  for (const line of lines) {
    try {
      delivered.push((JSON.parse(line) as { notificationId: string }).notificationId);
    } catch {
      facts['torn outbox lines (a crash mid-write)'] = (Number(facts['torn outbox lines (a crash mid-write)'] ?? 0) + 1);
    }
  }
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of delivered) (seen.has(id) ? twice : seen).add(id);
  facts['notifications delivered'] = delivered.length;
  if (twice.size) problems.push(`${twice.size} notifications were delivered more than once, e.g. ${[...twice].slice(0, 3).join(', ')}`);
  const recorded = new Set<string>();
  for await (const event of wholeFeed(platform.dependencies.notification.store)) {
    if (event.eventType === 'notificationSent') recorded.add((event.payload as { notificationId: string }).notificationId);
  }
  facts['notifications recorded as sent'] = recorded.size;
  const unrecorded = [...seen].filter((id) => !recorded.has(id));
  const undelivered = [...recorded].filter((id) => !seen.has(id));
  if (unrecorded.length) problems.push(`${unrecorded.length} delivered notifications have no notificationSent event`);
  if (undelivered.length) problems.push(`${undelivered.length} notifications recorded as sent are not in the outbox`);
}

/** One case per request id: every SubmitCase key names one case stream, and every case stream has one key. */
function checkRequestIdsOffline(path: string, ledger: Ledger, problems: string[], facts: Record<string, number | string>): void {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const keys = db.prepare('SELECT key, stream_id FROM idempotency WHERE key LIKE ?').all(`${SUBMIT_PATH}:%`) as Array<{ key: string; stream_id: string }>;
    const cases = db.prepare("SELECT stream_id FROM events WHERE event_type = 'caseSubmitted'").all() as Array<{ stream_id: string }>;
    facts['cases stored'] = cases.length;
    const byStream = new Map<string, string[]>();
    for (const { key, stream_id } of keys) byStream.set(stream_id, [...(byStream.get(stream_id) ?? []), key]);
    const requestIds = new Set(ledger.cases.map((record) => `${record.requestId}-submit`));
    const ours = keys.filter(({ key }) => requestIds.has(key.slice(key.lastIndexOf(':') + 1)));
    facts['submissions stored for the ledger'] = ours.length;
    if (ours.length !== keys.length) problems.push(`${keys.length - ours.length} submissions stored under request ids no client sent`);
    for (const { stream_id } of cases) if (!byStream.has(stream_id)) problems.push(`${stream_id} was stored without its request id`);
    if (cases.length !== keys.length) problems.push(`${cases.length} cases stored for ${keys.length} submission request ids (a duplicate or a lost case)`);
    const acknowledged = ledger.cases.filter((record) => record.caseNumber);
    const unanswered = ledger.cases.length - acknowledged.length;
    facts['submissions never answered'] = unanswered;
    for (const record of acknowledged) {
      const keysOfCase = byStream.get(`case-${record.caseNumber}`) ?? [];
      if (!keysOfCase.some((key) => key.endsWith(`:${record.requestId}-submit`))) problems.push(`acknowledged case ${record.caseNumber} is not stored under its request id ${record.requestId}`);
    }
  } finally {
    db.close();
  }
}

function checkBusOffline(path: string, problems: string[], facts: Record<string, number | string>): void {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const deadLetters = db.prepare("SELECT topic, count(*) AS n FROM messages WHERE topic LIKE '%dead-letter%' OR topic LIKE '%.dlq' GROUP BY topic").all() as Array<{ topic: string; n: number }>;
    for (const { topic, n } of deadLetters) problems.push(`${n} messages went to the dead-letter topic ${topic}`);
    const lagging = db
      .prepare(
        `SELECT g.group_id AS groupId, sum(m.end - g.next) AS lag
           FROM group_offsets g JOIN (SELECT topic, partition, max(offset) + 1 AS end FROM messages GROUP BY topic, partition) m
             ON m.topic = g.topic AND m.partition = g.partition
          GROUP BY g.group_id HAVING sum(m.end - g.next) > 0`,
      )
      .all() as Array<{ groupId: string; lag: number }>;
    // A rebuilt projection consumes as "<group>.g<n>" and leaves its earlier generations behind: only
    // the latest generation of each group must be caught up.
    const all = (db.prepare('SELECT DISTINCT group_id AS groupId FROM group_offsets').all() as Array<{ groupId: string }>).map((row) => row.groupId);
    const latest = latestGenerations(all);
    const current = lagging.filter(({ groupId }) => latest.has(groupId));
    facts['consumer groups'] = latest.size;
    for (const { groupId, lag } of current) problems.push(`consumer group ${groupId} is ${lag} messages behind after the final stop`);
  } finally {
    db.close();
  }
}
