import { CAPABILITY_NAMES, type POMAttribute, type POMCapabilities, type POMCompletionCode, type POMContact, type POMContactType, type POMCustomerDetails } from '../pom/types.ts';

/** POM's ContactType enum as the .NET SDK serialises it (its ordinal). */
const CONTACT_TYPE_ORDINAL: Record<POMContactType, number> = { Preview: 0, Progressive: 1, Predictive: 2, Callback: 3, Manual: 4 };

/** POM's capability flags as the contact's ContactCapabilities: the SDK's names, capitalised as .NET properties are. */
function capabilitiesJson(capabilities: POMCapabilities): Record<string, boolean> {
  return Object.fromEntries(CAPABILITY_NAMES.map((name) => [name.charAt(0).toUpperCase() + name.slice(1), capabilities[name]]));
}

/**
 * The POMContact as OnOutboundCallInitiated's JSONData carries it: every field of the spec's example, in
 * its order. The `…Specified` flags are those of the .NET SDK's POMContact (an XmlSerializer class: a flag
 * says whether an optional field came in a SOAP message). POM fills the object in code and leaves them
 * false — the spec's example, taken from a live POM, has `"CanCancel":true,"CanCancelSpecified":false` —
 * so they are false here too: a client reads the value, never the flag.
 */
export function contactJsonData(contact: POMContact): string {
  return JSON.stringify({
    CallbackNotes: contact.callbackNotes,
    CampaignName: contact.campaignName,
    CanCancel: contact.canCancel,
    CanCancelSpecified: false,
    CanEnterFreeFormNumber: contact.canEnterFreeFormNumber,
    CanEnterFreeFormNumberSpecified: false,
    ContactCapabilities: capabilitiesJson(contact.contactCapabilities),
    ContactNumbers: contact.contactNumbers.map((n) => ({
      IsDefault: n.isDefault, Name: n.name, Number: n.number, Timezone: n.timezone, State: n.state, Wireless: n.wireless,
    })),
    ContactType: CONTACT_TYPE_ORDINAL[contact.contactType],
    ContactTypeSpecified: false,
    ScriptURL: contact.scriptURL,
    ScriptFailoverURL: contact.scriptFailoverURL,
    SkillsetName: contact.skillsetName,
    DefaultNumber: contact.defaultNumber,
    Timed: contact.timed,
    TimedSpecified: false,
    Timeout: contact.timeout,
    TimeoutSpecified: false,
    CanDial: contact.canDial,
    CanDialSpecified: false,
    CanReschedule: contact.canReschedule,
    CanRescheduleSpecified: false,
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
