import { createAcceptanceService } from '../../acceptance/acceptance-service.ts';
import { holderIds } from '../../acceptance/app/holder-ids.ts';
import { localSecret } from '../../platform/keys/local-secret.ts';
import type { HostedService } from '../hosted-service.ts';
import { openSequences } from '../stores.ts';

/** Acceptance as the host builds it: its case-number counters, the holder key, the seed catalog. */
export const hostedAcceptance: HostedService = {
  name: 'acceptance',
  port: (config) => config.OW_ACCEPTANCE_PORT,
  async create(deps, config, onClose) {
    const sequences = await openSequences(config, 'acceptance');
    onClose(() => sequences.close());
    const acceptance = createAcceptanceService({
      ...deps,
      sequences,
      holderIds: holderIds(localSecret(config.OW_HOLDER_KEY, config.OW_DATA_DIR, 'holder.key')),
      caseNumberFormat: config.OW_CASE_NUMBER_FORMAT,
      deemedAcceptanceSweepMs: config.OW_DEEMED_ACCEPTANCE_SWEEP_MS,
    });
    const seeded = await acceptance.seedCatalog();
    if (seeded > 0) deps.logger.info({ entries: seeded }, 'published the seed catalog');
    return acceptance;
  },
};
