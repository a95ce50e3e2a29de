import type { ClientReadableStream, Metadata } from '@grpc/grpc-js';
import type { HistoryEntry } from '../../generated/onewindow/acceptance/v1/case.ts';
import type { WatchCaseResponse } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { callerMetadata, type connect } from '../../scripts/lib/channel-clients.ts';

/** The people and places of the acceptance scenarios. */
export const people = {
  /** Li Si, at the self-service kiosk of 鼓东街道 (a township of Gulou district); verified as herself. */
  applicant: { sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: '34052419800101001X' } },
  /** The Gulou district hall's counter. */
  countyClerk: { sub: 'clerk-gulou-07', roles: ['clerk'], region: '350102', hall: 'gulou-hall', window: 'window-7' },
  /** The 鼓东街道 service station, where the result is collected. */
  townshipClerk: { sub: 'clerk-gudong-01', roles: ['clerk'], region: '350102001', hall: 'gudong-station', window: 'window-1' },
  /** A window of the 闽侯县 hall: another county of Fuzhou, outside Gulou's jurisdiction. */
  minhouClerk: { sub: 'clerk-minhou-03', roles: ['clerk'], region: '350121', hall: 'minhou-hall', window: 'window-3' },
  /** A back-office clerk of Xiamen's 思明区, at no window. */
  simingBackOffice: { sub: 'clerk-siming-11', roles: ['clerk'], region: '350203' },
  /** An applicant account not yet verified (no 实名认证). */
  unverified: { sub: 'applicant-anon', roles: ['applicant'] },
  approver: { sub: 'approver-scjgj-02', roles: ['approver'], department: 'SCJGJ', region: '350102' },
  supervisor: { sub: 'supervisor-fuzhou-01', roles: ['supervisor'], region: '350100' },
  operator: { sub: 'operator-1', roles: ['operator'] },
} satisfies Record<string, TokenClaims>;

export const as = (who: keyof typeof people, channel: Parameters<typeof callerMetadata>[1]): Metadata => callerMetadata(people[who], channel);

/** Collects a WatchCase stream's entries (after `afterPosition`, if resuming) until cancelled. */
export function watch(clients: ReturnType<typeof connect>, caseNumber: string, metadata: Metadata, afterPosition = 0n) {
  const entries: HistoryEntry[] = [];
  const stream: ClientReadableStream<WatchCaseResponse> = clients.acceptance.watchCase({ caseNumber, consistencyToken: '', afterPosition }, metadata);
  stream.on('data', (response: WatchCaseResponse) => entries.push(response.entry!));
  stream.on('error', () => undefined);
  return { entries, stop: () => stream.cancel() };
}
