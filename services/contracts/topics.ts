import { AcceptanceEvent } from '../../generated/onewindow/acceptance/v1/events.ts';
import { ApprovalEvent } from '../../generated/onewindow/approval/v1/events.ts';
import { NotificationEvent } from '../../generated/onewindow/notification/v1/events.ts';
import { SupervisionEvent } from '../../generated/onewindow/supervision/v1/events.ts';
import type { Topic } from '../platform/messaging/topic.ts';
import type { ServiceName } from './service-names.ts';

/**
 * The integration-event topics of the four services. Their contracts
 * (proto/onewindow/<service>/v1/events.proto) are all a service knows of the others' events: a
 * service reads another's events through these topics, never through its code.
 */
export type AcceptancePayload = NonNullable<AcceptanceEvent['payload']>;
export type ApprovalPayload = NonNullable<ApprovalEvent['payload']>;
export type SupervisionPayload = NonNullable<SupervisionEvent['payload']>;
export type NotificationPayload = NonNullable<NotificationEvent['payload']>;
/** Every integration event of the platform; oneof case names are unique across the contracts. */
export type AnyPayload = AcceptancePayload | ApprovalPayload | SupervisionPayload | NotificationPayload;

export const acceptanceTopic: Topic<AcceptancePayload> = {
  name: 'onewindow.acceptance.v1',
  service: 'acceptance',
  wrapper: AcceptanceEvent,
  messageType: 'onewindow.acceptance.v1.AcceptanceEvent',
};

export const approvalTopic: Topic<ApprovalPayload> = {
  name: 'onewindow.approval.v1',
  service: 'approval',
  wrapper: ApprovalEvent,
  messageType: 'onewindow.approval.v1.ApprovalEvent',
};

export const supervisionTopic: Topic<SupervisionPayload> = {
  name: 'onewindow.supervision.v1',
  service: 'supervision',
  wrapper: SupervisionEvent,
  messageType: 'onewindow.supervision.v1.SupervisionEvent',
};

export const notificationTopic: Topic<NotificationPayload> = {
  name: 'onewindow.notification.v1',
  service: 'notification',
  wrapper: NotificationEvent,
  messageType: 'onewindow.notification.v1.NotificationEvent',
};

const topicsByService: Readonly<Record<ServiceName, Topic<AnyPayload>>> = {
  acceptance: acceptanceTopic as Topic<AnyPayload>,
  approval: approvalTopic as Topic<AnyPayload>,
  supervision: supervisionTopic as Topic<AnyPayload>,
  notification: notificationTopic as Topic<AnyPayload>,
};

export const allTopics = [acceptanceTopic, approvalTopic, supervisionTopic, notificationTopic] as const;

/** The topic a service publishes on. */
export function topicOf(service: string): Topic<AnyPayload> {
  if (!Object.hasOwn(topicsByService, service)) throw new Error(`no topic for service ${service}`);
  return topicsByService[service as ServiceName];
}

/** A payload as canonical proto3 JSON (int64 as strings, enums by name). */
export function payloadJson(service: string, payload: AnyPayload): Record<string, unknown> {
  const json = topicOf(service).wrapper.toJSON({ metadata: undefined, payload }) as Record<string, Record<string, unknown>>;
  return json[payload.$case] ?? {};
}
