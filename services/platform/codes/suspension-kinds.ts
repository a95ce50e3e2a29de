import type { SuspensionKind } from '../../../generated/onewindow/common/v1/clock.ts';

/** The special procedures (特别程序) by their names in law, as histories and messages show them. */
export const suspensionKindNames: Readonly<Record<SuspensionKind, string>> = {
  SUSPENSION_KIND_UNSPECIFIED: '特别程序',
  SUSPENSION_KIND_SUPPLEMENT: '退回补正',
  SUSPENSION_KIND_HEARING: '听证',
  SUSPENSION_KIND_TENDERING: '招标、拍卖',
  SUSPENSION_KIND_INSPECTION: '现场核查',
  SUSPENSION_KIND_TESTING: '检验、检测',
  SUSPENSION_KIND_QUARANTINE: '检疫',
  SUSPENSION_KIND_APPRAISAL: '鉴定',
  SUSPENSION_KIND_EXPERT_REVIEW: '专家评审',
  SUSPENSION_KIND_PUBLIC_NOTICE: '公示',
  UNRECOGNIZED: '特别程序',
};
