import { createSupervisionService } from '../../supervision/supervision-service.ts';
import type { HostedService } from '../hosted-service.ts';

/** Supervision as the host builds it: how often its timers look for what fell due. */
export const hostedSupervision: HostedService = {
  name: 'supervision',
  port: (config) => config.OW_SUPERVISION_PORT,
  create: async (deps, config) => createSupervisionService({ ...deps, sweepMs: config.OW_SUPERVISION_SWEEP_MS, metricsLevel: config.OW_SUPERVISION_METRICS_LEVEL }),
};
