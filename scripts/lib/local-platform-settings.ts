/**
 * Every gRPC port 0, and the browser API's and the console's too: the system picks free ones, so that platforms
 * (tests, benches) run side by side. A process that runs only some services turns the console off
 * (OW_CONSOLE_PORT=off) or says where the others are (OW_CONSOLE_ENDPOINTS).
 */
export const onFreePorts = {
  OW_ACCEPTANCE_PORT: '0',
  OW_APPROVAL_PORT: '0',
  OW_SUPERVISION_PORT: '0',
  OW_NOTIFICATION_PORT: '0',
  OW_WEB_PORT: '0',
  OW_CONSOLE_PORT: '0',
} as const;

/**
 * Tests and benches act as any caller with unsigned development tokens (mintDevelopmentToken);
 * those about signed tokens set OW_AUTH_MODE=jwt.
 */
export const developmentTokens = { OW_AUTH_MODE: 'development' } as const;

/**
 * A platform of one's own for a test, a bench or a check: its data directory, free ports, no
 * quiet hours (they run at any hour; those about quiet hours set them) and no rate limit (they
 * drive much load as a few callers; those about the limit set it).
 */
export function localPlatformSettings(dataDir: string): Record<string, string> {
  return { OW_DATA_DIR: dataDir, ...onFreePorts, OW_NOTIFICATION_QUIET_HOURS: '', OW_RATE_LIMIT_PER_SECOND: '0', ...developmentTokens };
}
