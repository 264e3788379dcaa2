/**
 * The POM commands that travel in A3's SendGenericCTICommand (DialPOMPreviewCall, WrapUpCallContact, …),
 * each sent to the agent's POM session; the command's parameters are already checked (commands.ts).
 */
import type { POMCallbackType, POMContactNumber } from '../pom/types.ts';
import type { CtiAgent } from './cti-agent.ts';
import type { parseGenericCommand } from './commands.ts';

type GenericCommand = ReturnType<typeof parseGenericCommand>;

/** One of the contact's numbers, or a free-form one the agent typed. */
function contactNumber(agent: CtiAgent, number: string): POMContactNumber {
  return agent.call?.contact?.contactNumbers.find((n) => n.number === number) ?? { isDefault: false, name: 'Free form', number, timezone: '', state: '', wireless: '' };
}

/** Sends one generic command for the call `handle`; the TMAC result (0: accepted, its event follows). */
export function sendGenericCommand(agent: CtiAgent, name: GenericCommand['name'], data: GenericCommand['data'], handle: string, invokeID: string): number {
  switch (name) {
    case 'DialPOMPreviewCall': {
      const dial = contactNumber(agent, data.numberToDial!);
      return agent.send('previewDial', null, invokeID, () => agent.pom.AGTPreviewDial(dial, handle));
    }
    case 'CancelPOMPreviewCall':
      return agent.send('previewCancel', null, invokeID, () => agent.pom.AGTPreviewCancel(handle));
    case 'ExtendPOMWrapup':
      return agent.send('extendWrapup', null, invokeID, () => agent.pom.AGTExtendWrapup(handle));
    case 'RedialPOMCall': {
      const dial = contactNumber(agent, data.numberToDial!);
      return agent.send('redial', null, invokeID, () => agent.pom.AGTRedial(dial));
    }
    case 'AddPOMAgentNote':
      return agent.send('note', null, invokeID, () => agent.pom.AGTAddAgentNote(data.note!));
    case 'WrapUpCallContact':
      return agent.send('wrapup', null, invokeID, () => agent.pom.AGTWrapupContact({ codeID: data.pCode!, codeValue: data.pValue! }, handle));
    case 'CreatePOMCallback': {
      const number = { isDefault: false, name: 'Callback', number: data.number!, timezone: data.callbackTimezone!, state: '', wireless: '' };
      const type = data.callbackType as POMCallbackType;
      return agent.send('callback', null, invokeID, () => agent.pom.AGTCreateCallback(type, null, data.callbackTime!, data.callbackTimezone!, '', number, data.notes!, handle));
    }
    case 'GetConsultDestinationAgentsList':
      return agent.send('consult', null, invokeID, () => agent.pom.AGTGetConsultDestsForType(data.consultType === 'External' ? 'External' : 'Agent', handle));
    case 'ConsultPOMCall': {
      const type = data.destinationType === 'External' ? 'External' : 'Agent';
      const destination = { destinationName: data.destination!, destinationValue: data.destination!, destinationType: type, timeZone: '', presence: '', state: '' } as const;
      agent.consultAsked = { type, destination: data.destination! };
      return agent.send('consultCall', 'ConsultPOMCallDone', invokeID, () => agent.pom.AGTConsultCall(destination, handle));
    }
    case 'TransferPOMCall':
      return agent.send('transfer', 'TransferPOMCallDone', invokeID, () => agent.pom.AGTCompleteTransfer(handle));
    case 'ConferencePOMCall':
      return agent.send('conference', 'ConferencePOMCallDone', invokeID, () => agent.pom.AGTStartConf(handle));
    case 'CancelPOMConsult':
      return agent.send('cancelConsult', 'CancelPOMConsultDone', invokeID, () => agent.pom.AGTCancelConsult('', handle));
    case 'LeavePOMConference':
      return agent.send('leaveConference', 'LeavePOMConferenceDone', invokeID, () => agent.pom.AGTLeaveConf(handle));
    case 'EndPOMConference':
      return agent.send('endConference', 'EndPOMConferenceDone', invokeID, () => agent.pom.AGTEndConf(handle));
  }
}
