/** Every gRPC port 0: the system picks free ones, so that platforms (tests, benches) run side by side. */
export const onFreePorts = {
  OW_ACCEPTANCE_PORT: '0',
  OW_APPROVAL_PORT: '0',
  OW_SUPERVISION_PORT: '0',
  OW_NOTIFICATION_PORT: '0',
} as const;

/**
 * A platform of one's own for a test, a bench or a check: its data directory, free ports, and no
 * quiet hours (they run at any hour; those about quiet hours set them).
 */
export function localPlatformSettings(dataDir: string): Record<string, string> {
  return { OW_DATA_DIR: dataDir, ...onFreePorts, OW_NOTIFICATION_QUIET_HOURS: '' };
}
