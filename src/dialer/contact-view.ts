import type { CampaignRecord, ContactRecord } from '../store/records.ts';
import {
  POMAttributeType, type POMAttribute, type POMCapabilities, type POMContact, type POMContactNumber,
  type POMContactType, type POMCustomerDetails,
} from '../pom/types.ts';

export interface ContactViewOptions {
  contactType: POMContactType;
  capabilities: POMCapabilities;
  callbackNotes?: string;
  /** Seconds left to decide on a timed preview (0 = untimed). */
  previewTimeoutSeconds?: number;
  /** The number to offer first (a callback's booked number); the contact's first phone otherwise. */
  defaultNumber?: string;
}

export function contactNumbers(contact: ContactRecord, defaultNumber?: string): POMContactNumber[] {
  const first = defaultNumber ?? contact.phones[0]?.number;
  const numbers = contact.phones.map((phone, i) => ({
    isDefault: phone.number === first,
    name: `Phone ${i + 1}`,
    number: phone.number,
    timezone: phone.timezone,
    state: phone.state,
    wireless: phone.wireless ? 'true' : 'false',
  }));
  if (first && !numbers.some((n) => n.isDefault)) {
    numbers.unshift({ isDefault: true, name: 'Callback', number: first, timezone: contact.phones[0]?.timezone ?? '', state: '', wireless: 'false' });
  }
  return numbers;
}

/** The POMContact that AGTCallNotify carries. */
export function toPomContact(contact: ContactRecord, campaign: CampaignRecord, options: ContactViewOptions): POMContact {
  const preview = options.contactType === 'Preview' || options.contactType === 'Callback';
  const timeout = options.previewTimeoutSeconds ?? 0;
  return {
    callbackNotes: options.callbackNotes ?? '',
    campaignName: campaign.name,
    canCancel: preview && campaign.previewCanCancel,
    canEnterFreeFormNumber: preview,
    contactCapabilities: options.capabilities,
    contactNumbers: contactNumbers(contact, options.defaultNumber),
    contactType: options.contactType,
    scriptURL: '',
    scriptFailoverURL: '',
    skillsetName: campaign.skillsetName,
    skillsetId: campaign.skillsetId,
    defaultNumber: options.defaultNumber ?? contact.phones[0]?.number ?? '',
    timed: preview && timeout > 0,
    timeout,
    canReschedule: true,
    canDial: preview,
    expiryTime: String(timeout),
    contactId: contact.id,
  };
}

const attribute = (key: string, value: string, attributeType = POMAttributeType.READ_ONLY): POMAttribute => ({ key, value, attributeType });

/** The customer record that AGTGetCustomerDetailsRESP carries. */
export function toCustomerDetails(contact: ContactRecord): POMCustomerDetails {
  const a = contact.address;
  return {
    id: attribute('ID', contact.userContactId),
    title: attribute('Title', contact.title, POMAttributeType.WRITE),
    firstname: attribute('First Name', contact.firstName, POMAttributeType.WRITE),
    lastname: attribute('Last Name', contact.lastName, POMAttributeType.WRITE),
    phoneFields: contact.phones.map((p, i) => ({
      phoneNumber: attribute(`Phone ${i + 1}`, p.number, POMAttributeType.WRITE),
      countryCode: attribute('Country Code', p.countryCode),
      timezone: attribute('Time Zone', p.timezone),
      state: attribute('State', p.state),
      wireless: attribute('Wireless', p.wireless ? 'true' : 'false'),
    })),
    emailFields: contact.emails.map((e, i) => attribute(`Email ${i + 1}`, e, POMAttributeType.WRITE)),
    addressList: [{
      line1: attribute('Address Line 1', a.line1, POMAttributeType.WRITE),
      line2: attribute('Address Line 2', a.line2, POMAttributeType.WRITE),
      line3: attribute('Address Line 3', a.line3, POMAttributeType.WRITE),
      line4: attribute('Address Line 4', a.line4, POMAttributeType.WRITE),
      line5: attribute('Address Line 5', a.line5, POMAttributeType.WRITE),
      country: attribute('Country', a.country, POMAttributeType.WRITE),
      zipCode: attribute('Zip Code', a.zipCode, POMAttributeType.WRITE),
    }],
    customFields: Object.entries(contact.customFields).map(([key, value]) => attribute(key, value)),
  };
}
