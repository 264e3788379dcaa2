/**
 * POM's result codes (positive ints; 0 = success). The CTI server sends them to TMAC negated, with the
 * spec's message. Where the spec and the SDK disagree, the spec's TMAC-facing meaning wins.
 */
export const ResultCode = {
  Success: 0,
  // AGTLogon
  NotRegistered: 2,
  TelephonyError: 3,
  InvalidPassword: 4,
  AlreadyNailed: 5,
  PasswordLookupFailed: 6,
  AlreadyLoggedIn: 7,
  SkillsNotFound: 9,
  StateNotChanged: 10,
  LogonInternalError: 11,
  ZoneNotFound: 12,
  InvalidLocale: 13,
  InvalidTimezone: 15,
  InvalidAgentName: 16,
  AuthenticationFailed: 17,
  // AGTStateChange
  SameAuxCode: 63,
  CannotChangeState: 64,
  // Call control
  CannotDisconnect: 81,
  CannotHold: 101,
  HoldCustomerDisconnected: 102,
  HoldNotInCall: 103,
  UnholdTelephonyError: 121,
  UnholdCallDisconnected: 122,
  UnholdNotOnCall: 123,
  // Consult
  ConsultAgentBusy: 142,
  ConsultDestinationNull: 145,
  // Wrap-up and preview
  WrapupRecordNotFound: 201,
  WrapupContactNotFound: 202,
  WrapupCouldNotFinish: 203,
  CompletionCodeNotUpdated: 204,
  NotInPreview: 241,
  PreviewTimerExpired: 242,
  RedialNotInWrapup: 361,
  RedialNumberMissing: 362,
  NoExternalNumbers: 382,
  NoAgents: 383,
  // Callbacks, wrap-up extension, customer details
  CallbackStandardNotSupported: 481,
  CallbackNotOnCall: 483,
  CallbackContactNotFound: 484,
  CallbackTypeNotFound: 485,
  CallbackDateParseFailed: 486,
  NotInWrapup: 501,
  NoCustomer: 521,
  // Logoff
  NotInAux: 541,
  // Blending
  AlreadyInbound: 581,
  AlreadyOutbound: 601,
  // DNC
  AlreadyInDnc: 621,
  NotAddedToDnc: 622,
  // System
  AgentNotRegistered: 9002,
  WrongState: 9004,
  AgentNotNailed: 9006,
  CommandDataIncorrect: 9008,
  InvalidArgument: 9997,
  PomNotAvailable: 9999,
} as const;

export type ResultCodeValue = (typeof ResultCode)[keyof typeof ResultCode];

/** Messages as the spec (TMAC) shows them; codes the spec does not word get POM's meaning. */
const MESSAGES: Record<number, string> = {
  0: 'Success',
  2: 'This agent is not registered with the system',
  3: 'Telephony error',
  4: 'Invalid password',
  5: 'Agent is already nailed',
  6: 'Unable to verify password',
  7: 'Agent is already logged in',
  9: 'Agent skills not found',
  10: 'Unable to change the state of the agent',
  11: 'Internal error. Unable to login agent',
  12: 'Login failure. Zone not found',
  13: 'Login failure. Invalid locale',
  15: 'Login failure. Invalid Timezone',
  16: 'Login failure. Invalid Agent Name',
  17: 'Login failure. Authentication of agent failed.',
  63: 'Agent already in same aux code',
  64: 'Unable to change the current state',
  81: 'Unable to disconnect the call',
  101: 'Unable to hold',
  102: 'Unable to hold as call is disconnected',
  103: 'Unable to hold as agent is not on call',
  121: 'Unable to unhold (telephony error)',
  122: 'Unable to unhold as call is disconnected',
  123: 'Unable to unhold as agent is not on call',
  142: 'Consult destination agent is busy',
  145: 'Consult destination is empty',
  201: 'Wrap-up failed: record not found',
  202: 'Wrap-up failed: contact not found',
  203: 'Wrap-up failed: could not finish the contact',
  204: 'Wrap-up failed: completion code not updated',
  241: 'Agent is not in preview',
  242: 'Preview timer expired',
  361: 'Unable to redial: agent is not in wrap-up',
  362: 'Unable to redial: no number',
  382: 'No external numbers configured',
  383: 'No agents available',
  481: 'Standard callbacks are not supported',
  483: 'Unable to create a callback: agent is not on a call',
  484: 'Unable to create a callback: contact or job not found',
  485: 'Unable to create a callback: callback type not found',
  486: 'Unable to create a callback: the date could not be read',
  501: 'Agent is not in wrap-up',
  521: 'No customer for this session',
  541: 'Unable to logoff. Please move to not ready state',
  581: 'Agent is already marked inbound',
  601: 'Agent is already marked outbound',
  621: 'Address is already in the DNC list',
  622: 'Address was not added to the DNC list',
  9002: 'Agent is not registered',
  9004: 'Request in wrong state',
  9006: 'Agent is not nailed up',
  9008: 'Command data incorrect',
  9997: 'Invalid argument',
  9999: 'POM is not available',
};

export function resultMessage(code: number): string {
  return MESSAGES[Math.abs(code)] ?? `POM error ${Math.abs(code)}`;
}
