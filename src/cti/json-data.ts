import type { POMAttribute, POMCompletionCode, POMContact, POMContactType, POMCustomerDetails } from '../pom/types.ts';

/** POM's ContactType enum as the .NET SDK serialises it (its ordinal). */
const CONTACT_TYPE_ORDINAL: Record<POMContactType, number> = { Preview: 0, Progressive: 1, Predictive: 2, Callback: 3, Manual: 4 };

/** The POMContact as OnOutboundCallInitiated's JSONData carries it (field names and order of the spec's example). */
export function contactJsonData(contact: POMContact): string {
  return JSON.stringify({
    CallbackNotes: contact.callbackNotes,
    CampaignName: contact.campaignName,
    CanCancel: contact.canCancel,
    CanEnterFreeFormNumber: contact.canEnterFreeFormNumber,
    ContactNumbers: contact.contactNumbers.map((n) => ({
      IsDefault: n.isDefault, Name: n.name, Number: n.number, Timezone: n.timezone, State: n.state, Wireless: n.wireless,
    })),
    ContactType: CONTACT_TYPE_ORDINAL[contact.contactType],
    ScriptURL: contact.scriptURL,
    SkillsetName: contact.skillsetName,
    DefaultNumber: contact.defaultNumber,
    Timed: contact.timed,
    Timeout: contact.timeout,
    CanDial: contact.canDial,
    CanReschedule: contact.canReschedule,
    ExpiryTime: contact.expiryTime,
    ContactID: contact.contactId,
    SkillsetID: contact.skillsetId,
  });
}

const attr = (a: POMAttribute): { key: string; value: string; attributeType: number } => ({ key: a.key, value: a.value, attributeType: a.attributeType });

/** The customer as OnOutboundCallUUIData's JSONData carries it. */
export function customerJsonData(details: POMCustomerDetails): string {
  return JSON.stringify({
    Title: attr(details.title),
    ID: attr(details.id),
    Firstname: attr(details.firstname),
    Lastname: attr(details.lastname),
    PhoneFields: details.phoneFields.map((p) => ({
      phoneNumber: attr(p.phoneNumber), countryCode: attr(p.countryCode), timezone: attr(p.timezone), state: attr(p.state), wireless: attr(p.wireless),
    })),
    EmailFields: details.emailFields.map(attr),
    AddressList: details.addressList.map((a) => ({
      Line1: attr(a.line1), Line2: attr(a.line2), Line3: attr(a.line3), Line4: attr(a.line4), Line5: attr(a.line5),
      Country: attr(a.country), ZipCode: attr(a.zipCode),
    })),
    CustomFields: details.customFields.map(attr),
  });
}

/** The completion codes as OnCallWrapUpDataEvent's JSONData carries them. */
export function completionCodesJsonData(codes: POMCompletionCode[]): string {
  return JSON.stringify(codes.map((c) => ({ codeID: c.codeID, codeValue: c.codeValue })));
}
