import type { ReusableMaterial, SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import type { ReadModelDocument, ReadModelTransaction } from '../../../platform/readmodel/read-model-store.ts';

/** A case's materials as the wallet needs them: whose, and what was handed in. */
interface WalletCaseDocument extends ReadModelDocument {
  readonly holderId: string;
  readonly materials: readonly SubmittedMaterial[];
  readonly accepted: boolean;
}

/** One reusable material or e-license of a holder. */
export interface WalletEntryDocument extends ReadModelDocument, ReusableMaterial {
  readonly holderId: string;
}

export const WALLET_ENTRIES = 'wallet_entries';
const WALLET_CASES = 'wallet_cases';

/** Materials a window has checked (A, B) travel with their holder; uploads (C, D) do not. */
const reusableTrust = (material: SubmittedMaterial) =>
  material.source !== 'MATERIAL_SOURCE_E_LICENSE' && (material.trustLevel === 'TRUST_LEVEL_A' || material.trustLevel === 'TRUST_LEVEL_B');

async function remember(tx: ReadModelTransaction, holderId: string, caseNumber: string, materials: readonly SubmittedMaterial[], on: string) {
  for (const material of materials.filter(reusableTrust)) {
    await tx.put<WalletEntryDocument>(WALLET_ENTRIES, {
      id: `${holderId}:material:${caseNumber}:${material.materialCode}`,
      holderId,
      kind: 'REUSABLE_KIND_EARLIER_MATERIAL',
      type: material.materialCode,
      reference: caseNumber,
      trustLevel: material.trustLevel,
      issuedOn: on,
      caseNumber,
      name: material.materialCode,
    });
  }
}

/**
 * The applicant's wallet (一号): every e-license a concluded case issued them, and every material
 * a window checked in a case that was accepted. Keyed by holder id, never by the ID number.
 */
export const walletProjection: Projection<AcceptancePayload> = {
  name: 'wallet',
  collections: [{ name: WALLET_CASES }, { name: WALLET_ENTRIES, indexes: [['holderId']] }],
  async apply(event, tx) {
    const payload = event.payload;
    const caseNumber = event.correlationId;
    switch (payload.$case) {
      case 'caseSubmitted':
        await tx.put<WalletCaseDocument>(WALLET_CASES, { id: caseNumber, holderId: payload.value.holderId, materials: payload.value.materials, accepted: false });
        return;
      case 'materialsSupplied': {
        const wallet = await tx.get<WalletCaseDocument>(WALLET_CASES, caseNumber);
        if (!wallet) return;
        await tx.put<WalletCaseDocument>(WALLET_CASES, { ...wallet, materials: [...wallet.materials, ...payload.value.materials] });
        if (wallet.accepted) await remember(tx, wallet.holderId, caseNumber, payload.value.materials, payload.value.suppliedOn);
        return;
      }
      case 'caseAccepted': {
        const wallet = await tx.get<WalletCaseDocument>(WALLET_CASES, caseNumber);
        if (!wallet) return;
        await tx.put<WalletCaseDocument>(WALLET_CASES, { ...wallet, accepted: true });
        await remember(tx, wallet.holderId, caseNumber, wallet.materials, payload.value.acceptedOn);
        return;
      }
      case 'caseConcluded': {
        const { licenseType, holderId, resultReference } = payload.value;
        if (!licenseType || !resultReference) return;
        await tx.put<WalletEntryDocument>(WALLET_ENTRIES, {
          id: `${holderId}:license:${resultReference}`,
          holderId,
          kind: 'REUSABLE_KIND_E_LICENSE',
          type: licenseType,
          reference: resultReference,
          trustLevel: 'TRUST_LEVEL_A',
          issuedOn: payload.value.concludedOn,
          caseNumber,
          name: licenseType,
        });
        return;
      }
      default:
        return;
    }
  },
};
