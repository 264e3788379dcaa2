/**
 * POM's agent API data model (enums and data objects), mirrored from Avaya's Agent Desktop SDK so that
 * the CTI server is written against POM's real shape. Field names follow the SDK.
 */

export type POMAgentState = 'Ready' | 'NotReady' | 'PendingNotReady';

export type POMNailupStatus = 'NotNailedUp' | 'PendingNailUp' | 'NailedUp' | 'NailingLost' | 'PendingNailupDrop';

export type POMCallState =
  | 'NoState' | 'Preview' | 'Idle' | 'Dialing' | 'Talking' | 'Held' | 'Wrapup'
  | 'Consult' | 'ConferenceOwner' | 'ConferencePassive' | 'Callback';

export type POMContactType = 'Preview' | 'Progressive' | 'Predictive' | 'Callback' | 'Manual';

export type POMCallbackType = 'Standard' | 'Agent' | 'Campaign' | 'StrictAgent';

export type POMDestinationType = 'Agent' | 'Campaign' | 'External';

export type POMDialFailReason =
  | 'Call_Busy' | 'Ring_No_Answer' | 'Answer_Machine' | 'Network_Refusal' | 'Invalid_Number'
  | 'Disconnected_By_User' | 'CPA_Timeout' | 'Fax_Machine' | 'SIT_Tone' | 'Reorder_Tone'
  | 'Media_Server_Failure' | 'Restricted_DNC' | 'Restricted_Other' | 'Invalid_Address'
  | 'Application_Error' | 'Unknown' | 'Agent_Not_Available' | 'Agent_Max_Consult_Attempts_Reached';

/** The ordinals are the spec's `attributeType` numbers. */
export enum POMAttributeType { READ_ONLY = 0, WRITE = 1, SCREEN_POP = 2, MASKED_WRITE = 3 }

/** The 18 capability flags, in POM's wire order. */
export const CAPABILITY_NAMES = [
  'hold', 'unhold', 'transfer', 'conference', 'release', 'disposition', 'originate', 'createCallback',
  'sendDTMF', 'updateRecord', 'leaveConference', 'record', 'leaveConsult', 'endConference',
  'changeOwnership', 'notReady', 'ready', 'connect',
] as const;

export type CapabilityName = (typeof CAPABILITY_NAMES)[number];
export type POMCapabilities = Record<CapabilityName, boolean>;

export interface POMContactNumber {
  isDefault: boolean;
  name: string;
  number: string;
  timezone: string;
  state: string;
  wireless: string;
}

export interface POMContact {
  callbackNotes: string;
  campaignName: string;
  canCancel: boolean;
  canEnterFreeFormNumber: boolean;
  contactCapabilities: POMCapabilities;
  contactNumbers: POMContactNumber[];
  contactType: POMContactType;
  scriptURL: string;
  scriptFailoverURL: string;
  skillsetName: string;
  skillsetId: string;
  defaultNumber: string;
  timed: boolean;
  timeout: number;
  canReschedule: boolean;
  canDial: boolean;
  expiryTime: string;
  contactId: number;
}

export interface POMAttribute {
  key: string;
  value: string;
  attributeType: POMAttributeType;
}

export interface POMPhone {
  phoneNumber: POMAttribute;
  countryCode: POMAttribute;
  timezone: POMAttribute;
  state: POMAttribute;
  wireless: POMAttribute;
}

export interface POMAddress {
  line1: POMAttribute; line2: POMAttribute; line3: POMAttribute; line4: POMAttribute; line5: POMAttribute;
  country: POMAttribute;
  zipCode: POMAttribute;
}

export interface POMCustomerDetails {
  id: POMAttribute;
  title: POMAttribute;
  firstname: POMAttribute;
  lastname: POMAttribute;
  phoneFields: POMPhone[];
  emailFields: POMAttribute[];
  addressList: POMAddress[];
  customFields: POMAttribute[];
}

export interface POMWrapupDetails {
  acwMaxTime: number;
  acwExtendable: boolean;
  defaultCompCode: string;
}

export interface POMCompletionCode {
  codeID: string;
  codeValue: string;
}

export interface POMDestination {
  destinationName: string;
  destinationValue: string;
  destinationType: POMDestinationType;
  timeZone: string;
  presence: string;
  state: string;
}

export interface POMCallbackDest extends POMDestination {
  callbackType: POMCallbackType;
  pomZone: string;
}

export interface POMAgentStatus {
  agentState: POMAgentState;
  callState: POMCallState;
  nailupStatus: POMNailupStatus;
}

export interface PAMSocketInfo {
  ipAddress: string;
  port: number;
}
