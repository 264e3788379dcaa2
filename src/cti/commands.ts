import { validationError } from '../errors.ts';

/** A3 commands and their parameters, named exactly as the spec names them. */
type ParamType = 'string' | 'int';
interface ParamSpec {
  type: ParamType;
  /** Optional parameters take this default. */
  default?: string | number;
  /** The name the spec also writes it by (`UserUserInfo`, `CommandName`); either is accepted, not both. */
  alias?: string;
}

const sessionID = { type: 'string' } as const satisfies ParamSpec;
const invokeID = { type: 'int' } as const satisfies ParamSpec;
const agentID = { type: 'string' } as const satisfies ParamSpec;
const extension = { type: 'string' } as const satisfies ParamSpec;
const connectionHandle = { type: 'string' } as const satisfies ParamSpec;
const queue = { type: 'string', default: '' } as const satisfies ParamSpec;

export const COMMANDS = {
  SecurityLogin: { extension, invokeID },
  SecurityLogout: { extension, invokeID },
  AgentLogin: { extension, agentID, agentPassword: { type: 'string' }, invokeID },
  AgentLogout: { sessionID, agentID, invokeID, queue, reasonCode: { type: 'int', default: 0 } },
  MonitorDevice: { sessionID, extension, invokeID },
  UnMonitorDevice: { sessionID, monitorHandle: { type: 'int' }, invokeID },
  SetAgentStateToAux: { sessionID, agentID, agentState: { type: 'int' }, invokeID, queue, reasonCode: { type: 'int' } },
  SetAgentStateToPending: { sessionID, agentID, agentState: { type: 'int' }, invokeID, queue, reasonCode: { type: 'int' } },
  SetAgentStateToAutoIn: { sessionID, agentID, agentState: { type: 'int' }, invokeID, queue },
  SetAgentStateToManualIn: { sessionID, agentID, agentState: { type: 'int' }, invokeID, queue },
  Hold: { sessionID, connectionHandle, invokeID },
  HoldReconnect: { sessionID, connectionHandle, invokeID },
  DisconnectCall: { sessionID, connectionHandle, invokeID, userUserInfo: { type: 'string', default: '', alias: 'UserUserInfo' } },
  DisconnectStation: { sessionID, connectionHandle, invokeID, userUserInfo: { type: 'string', default: '', alias: 'UserUserInfo' } },
  SendGenericCTICommand: { commandName: { type: 'string', alias: 'CommandName' }, jsonData: { type: 'string' }, invokeID: { type: 'int', default: 0 } },
} as const satisfies Record<string, Record<string, ParamSpec>>;

export type CommandName = keyof typeof COMMANDS;

type ValueOf<S extends ParamSpec> = S['type'] extends 'int' ? number : string;
export type CommandParams<C extends CommandName> = { [K in keyof (typeof COMMANDS)[C]]: (typeof COMMANDS)[C][K] extends ParamSpec ? ValueOf<(typeof COMMANDS)[C][K]> : never };

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Checks a command's JSON body: every parameter present (or defaulted) and of its type; nothing unknown. */
export function parseCommand<C extends CommandName>(command: C, body: unknown): CommandParams<C> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError('body', 'must be a JSON object');
  const spec = COMMANDS[command] as Record<string, ParamSpec>;
  const input = body as Record<string, unknown>;
  const aliases = new Map(Object.entries(spec).flatMap(([key, p]) => (p.alias === undefined ? [] : [[p.alias, key] as const])));
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(spec, key) && !aliases.has(key)) throw validationError(key, `unknown parameter of ${command}; expected ${Object.keys(spec).join(', ')}`);
  }
  const out: Record<string, string | number> = {};
  for (const [key, p] of Object.entries(spec)) {
    if (p.alias !== undefined && input[key] !== undefined && input[p.alias] !== undefined) throw validationError(p.alias, `give ${key} or ${p.alias}, not both`);
    const value = input[key] ?? (p.alias === undefined ? undefined : input[p.alias]);
    if (value === undefined || value === null) {
      if (p.default === undefined) throw validationError(key, `missing; ${command} needs ${Object.keys(spec).join(', ')}`);
      out[key] = p.default;
    } else if (p.type === 'int') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw validationError(key, `must be an integer (got ${JSON.stringify(value)})`);
      out[key] = value;
    } else {
      if (typeof value !== 'string') throw validationError(key, `must be a string (got ${JSON.stringify(value)})`);
      out[key] = value;
    }
  }
  return out as CommandParams<C>;
}

/** SendGenericCTICommand's commands and the fields of their jsonData. */
export const GENERIC_COMMANDS = {
  DialPOMPreviewCall: ['connectionHandle', 'numberToDial', 'custName'],
  CancelPOMPreviewCall: ['connectionHandle'],
  WrapUpCallContact: ['connectionHandle', 'pCode', 'pValue'],
  /** nailup's additions: more wrap-up time (POM's AGTExtendWrapup), and dialing the contact again from wrap-up (AGTRedial). */
  ExtendPOMWrapup: ['connectionHandle'],
  RedialPOMCall: ['connectionHandle', 'numberToDial'],
  /** nailup's addition: the agent's note on the contact in hand, kept with its call attempt (AGTAddAgentNote). */
  AddPOMAgentNote: ['connectionHandle', 'note'],
  GetConsultDestinationAgentsList: ['connectionHandle', 'consultType'],
  /** nailup's addition: schedules a callback for the contact (POM's AGTCreateCallback). */
  CreatePOMCallback: ['connectionHandle', 'callbackType', 'callbackTime', 'callbackTimezone', 'number', 'notes'],
  // Consult, transfer and conference (protocol.md §5b)
  ConsultPOMCall: ['connectionHandle', 'destinationType', 'destination'],
  TransferPOMCall: ['connectionHandle'],
  ConferencePOMCall: ['connectionHandle'],
  CancelPOMConsult: ['connectionHandle'],
  LeavePOMConference: ['connectionHandle'],
  EndPOMConference: ['connectionHandle'],
} as const;

export type GenericCommandName = keyof typeof GENERIC_COMMANDS;

export function parseGenericCommand(commandName: string, jsonData: string): { name: GenericCommandName; data: Record<string, string> } {
  if (!Object.hasOwn(GENERIC_COMMANDS, commandName)) {
    throw validationError('commandName', `unknown generic command ${JSON.stringify(commandName)}; expected ${Object.keys(GENERIC_COMMANDS).join(', ')}`);
  }
  const name = commandName as GenericCommandName;
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonData);
  } catch {
    throw validationError('jsonData', 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw validationError('jsonData', 'must be a JSON object');
  const data: Record<string, string> = {};
  for (const field of GENERIC_COMMANDS[name]) {
    const value = (parsed as Record<string, unknown>)[field];
    if (typeof value !== 'string') throw validationError(`jsonData.${field}`, value === undefined ? 'missing' : 'must be a string');
    data[field] = value;
  }
  if (name === 'GetConsultDestinationAgentsList' && data.consultType !== 'Agent' && data.consultType !== 'External') {
    throw validationError('jsonData.consultType', 'must be "Agent" or "External"');
  }
  if (name === 'ConsultPOMCall' && data.destinationType !== 'Agent' && data.destinationType !== 'External') {
    throw validationError('jsonData.destinationType', 'must be "Agent" or "External"');
  }
  if (name === 'AddPOMAgentNote' && data.note!.trim() === '') throw validationError('jsonData.note', 'must not be empty');
  if (name === 'CreatePOMCallback') {
    if (!['Standard', 'Agent', 'Campaign', 'StrictAgent'].includes(data.callbackType!)) throw validationError('jsonData.callbackType', 'must be "Standard", "Agent", "Campaign" or "StrictAgent"');
    if (!Number.isFinite(Date.parse(data.callbackTime!))) throw validationError('jsonData.callbackTime', 'must be an ISO 8601 date and time');
  }
  return { name, data };
}
