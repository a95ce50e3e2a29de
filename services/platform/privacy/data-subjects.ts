/**
 * Whose key seals a piece of personal data. A person or organisation that applies is known by its
 * holder id (the keyed hash of its ID number or credit code); what an account gives of itself
 * without a verified identity (an e-mail address for messages) is sealed under the account.
 * Neither name is personal data.
 */
export const holderSubject = (holderId: string): string => `holder:${holderId}`;

export const accountSubject = (accountId: string): string => `account:${accountId}`;
