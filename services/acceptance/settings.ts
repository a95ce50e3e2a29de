import { makeValidator } from 'envalid';
import type { PlatformSettings } from '../platform/config/platform-settings.ts';
import { type SettingsOf } from '../platform/config/load-settings.ts';
import { int, port, secretKey } from '../platform/config/validators.ts';
import { DEFAULT_CASE_NUMBER_FORMAT, caseNumberFormatProblem } from '../platform/codes/case-number-format.ts';

const caseNumberFormat = makeValidator<string>((input) => {
  const problem = caseNumberFormatProblem(input);
  if (problem) throw new Error(problem);
  return input;
});

/** Acceptance's own settings (一窗受理). */
export const acceptanceSettings = {
  OW_ACCEPTANCE_PORT: port({ default: 50051, desc: 'gRPC port of the acceptance service (一窗受理); 0 picks a free port.' }),
  OW_CASE_NUMBER_FORMAT: caseNumberFormat({
    default: DEFAULT_CASE_NUMBER_FORMAT,
    desc: 'Format of case numbers (办件编号): {region} the handling region, {date} YYYYMMDD (China time), {seq:N} the daily sequence in N digits; at most 50 characters.',
  }),
  OW_HOLDER_KEY: secretKey({
    default: '',
    desc: 'Secret (base64, 32 bytes or more) for holder ids, the keyed hashes that link an applicant\'s cases and materials (一号). Empty: embedded mode creates one in OW_DATA_DIR/keys on first start. Never change it once cases exist.',
  }),
  OW_DEEMED_ACCEPTANCE_SWEEP_MS: int(100, 86_400_000)({
    default: 60_000,
    desc: 'How often acceptance looks for cases nobody answered within 5 working days, which then count as accepted on the receipt date (视为受理).',
  }),
};

export type AcceptanceSettings = SettingsOf<typeof acceptanceSettings>;

/** Every acceptance process of a shared store must hash holder ids alike: the key cannot be made up locally. */
export function acceptanceSettingsProblems(config: AcceptanceSettings & Pick<PlatformSettings, 'OW_STORE'>): string[] {
  return config.OW_STORE !== 'embedded' && !config.OW_HOLDER_KEY
    ? [`OW_HOLDER_KEY: is required for acceptance with OW_STORE=${config.OW_STORE} (every process must hash holder ids alike)`]
    : [];
}
