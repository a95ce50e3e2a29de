/**
 * The four services of the platform, defined once: the host starts them by these names, settings
 * (OW_SERVICES) and tools (rebuild, verify-chain) accept them, topics and data directories are
 * named after them.
 */
export const serviceNames = ['acceptance', 'approval', 'supervision', 'notification'] as const;

export type ServiceName = (typeof serviceNames)[number];

export function isServiceName(name: string): name is ServiceName {
  return (serviceNames as readonly string[]).includes(name);
}
