/** The supervision service alone, for distributed mode (OW_BUS=kafka): one of the container image's entry points. */
import { startTelemetry } from '../../platform/telemetry/start-telemetry.ts';

// Telemetry first: the rest is imported only now, so the instrumentations see its libraries load.
const telemetry = startTelemetry({ serviceName: 'onewindow-supervision' });
const { run } = await import('../run.ts');
const { hostedSupervision } = await import('./hosted-supervision.ts');
await run({ telemetry, hosted: [hostedSupervision], only: 'supervision' });
