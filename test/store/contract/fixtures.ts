/** Records the store contract tests create: a contact with one number, a predictive campaign on a list. */
import type { CampaignRecord, NewContact } from '../../../src/store/records.ts';

export const sampleContact = (userContactId: string, timezone = 'America/Chicago'): NewContact => ({
  userContactId, title: '', firstName: 'Ann', lastName: userContactId, phones: [{ number: '+13125550100', countryCode: '1', timezone, state: 'IL', wireless: false }],
  emails: [], address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '' }, customFields: {}, priority: 0,
});

export function sampleCampaign(name: string, contactListId: number): Omit<CampaignRecord, 'id'> {
  return {
    name, organizationName: 'Acme', teamName: 'Sales', skillsetName: 'PredictiveOut', skillsetId: '42', type: 'Predictive', contactListId, dncListIds: [],
    completionCodes: [{ codeID: 'SALE', codeValue: 'Sale', nextState: 'done', retryMinutes: null, sale: true, rightPartyContact: true }],
    defaultCompletionCode: 'SALE', callingWindow: { hours: {}, states: {}, countries: {} }, retryRules: {}, maxAttempts: 4, maxAttemptsPerNumber: 2,
    noAnswerTimeoutSeconds: 25, minimumRingSeconds: 18, callerId: '+15555550100', callbackExpiryMinutes: 90, previewTimed: false, previewTimeoutSeconds: 30,
    previewCanCancel: false, wrapupSeconds: 45, wrapupExtendable: true, amd: false, answeringMachineAction: 'message',
    amdEstimates: { falsePositive: 0.02, falseNegative: 0.1 },
    pacing: { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 3, abandonCap: 0.03, targetAbandonRate: 0.02, connectWithinSeconds: 2 },
    priority: 2,
  };
}
