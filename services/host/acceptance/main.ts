/** The acceptance service alone, for distributed mode (OW_BUS=kafka): one of the container image's entry points. */
import { startTelemetry } from '../../platform/telemetry/start-telemetry.ts';

// Telemetry first: the rest is imported only now, so the instrumentations see its libraries load.
const telemetry = startTelemetry({ serviceName: 'onewindow-acceptance' });
const { run } = await import('../run.ts');
const { hostedAcceptance } = await import('./hosted-acceptance.ts');
await run({ telemetry, hosted: [hostedAcceptance], only: 'acceptance' });
