import type { PomAgentHandler } from '../pom/agent-api.ts';
import type { POMContact, POMDestination, POMDestinationType, POMDialFailReason, POMWrapupDetails } from '../pom/types.ts';
import { resultMessage } from '../pom/result-codes.ts';
import { event, toTmacCode } from './tmac-events.ts';
import { contactJsonData } from './json-data.ts';
import type { CtiAgent, CtiAgentHost } from './cti-agent.ts';
import type { PendingCommands } from './pending-commands.ts';

type ConsultCallbacks = Required<Pick<PomAgentHandler,
  | 'AGTGetConsultDestsForTypeRESP' | 'AGTConsultCallRESP' | 'AGTEnableCancelConsult' | 'AGTConsultNotify' | 'AGTConsultPending'
  | 'AGTConsultCancelled' | 'AGTConsultDialFailed' | 'AGTCompleteTransferRESP' | 'AGTTransferNotify' | 'AGTStartConfRESP'
  | 'AGTConferenceNotify' | 'AGTConferenceEnded' | 'AGTConferenceOwnershipChanged' | 'AGTLeaveConfRESP' | 'AGTEndConfRESP'
  | 'AGTCancelConsultRESP'>>;

/**
 * One agent's consults, transfers and conferences (protocol.md §5b): the POM callbacks of that family,
 * turned into TMAC events for the agent's extension.
 */
export class AgentConsults implements ConsultCallbacks {
  /** The agent who consulted this one, while the consult lasts. */
  private consultedBy = '';

  constructor(private readonly agent: CtiAgent, private readonly host: CtiAgentHost, private readonly commands: PendingCommands) {}

  private emit(eventName: string, data: Record<string, string>): void {
    this.host.publish(event(eventName, this.agent.extension, data));
  }

  AGTGetConsultDestsForTypeRESP(type: POMDestinationType, dests: POMDestination[], sessionID: string, result: number): void {
    const p = this.commands.take('consult');
    this.emit('OnConsultDestinationAgentsList', {
      ResponseStatus: String(toTmacCode(result)),
      ErrorInfo: result === 0 ? '' : resultMessage(result),
      Extension: this.agent.extension,
      InvokeID: p.invokeID,
      ConnectionHandle: sessionID,
      consultType: type,
      JSONData: JSON.stringify(dests.map((d) => ({
        destinationName: d.destinationName, destinationValue: d.destinationValue, destinationType: d.destinationType, presence: d.presence, state: d.state,
      }))),
    });
  }

  AGTConsultCallRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('consultCall', result);
  }

  AGTEnableCancelConsult(consultHandle: string): void {
    const asked = this.agent.consultAsked;
    this.emit('OnConsultCallInitiated', {
      ConnectionHandle: this.agent.call?.connectionHandle ?? '', ConsultHandle: consultHandle,
      DestinationType: asked?.type ?? '', Destination: asked?.destination ?? '',
    });
  }

  AGTConsultNotify(contact: POMContact, requestingAgentId: string, sessionID: string): void {
    this.consultedBy = requestingAgentId;
    this.host.callStarted(this.agent, sessionID);
    this.emit('OnConsultNotify', { ConnectionHandle: sessionID, RequestingAgentID: requestingAgentId, Device: this.agent.extension, JSONData: contactJsonData(contact) });
  }

  AGTConsultPending(_requestingAgent: string, requestingAgentID: string, requestingCampaign: string, sessionID: string): void {
    this.emit('OnConsultPending', { ConnectionHandle: sessionID, RequestingAgentID: requestingAgentID, Campaign: requestingCampaign });
  }

  AGTConsultCancelled(requestingAgentID: string, consultHandle: string): void {
    const own = requestingAgentID === this.agent.agentID ? this.agent.call?.connectionHandle ?? consultHandle : consultHandle;
    this.emit('OnConsultCancelled', { ConnectionHandle: own, ConsultHandle: consultHandle, RequestingAgentID: requestingAgentID });
    if (requestingAgentID !== this.agent.agentID) this.consultedBy = '';
  }

  AGTConsultDialFailed(reason: POMDialFailReason, _consultHandle: string): void {
    this.emit('OnConsultDialFailed', { ConnectionHandle: this.agent.call?.connectionHandle ?? '', Reason: reason });
  }

  AGTCompleteTransferRESP(_canDispose: boolean, wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    this.commands.callControlResponse('transfer', result);
    if (result === 0) this.handedOver(wrapup, sessionID, 'Transferred');
  }

  /** The agent's part of a call it handed on is over: disconnected, then its own wrap-up. */
  private handedOver(wrapup: POMWrapupDetails | null, sessionID: string, reason: string): void {
    const agent = this.agent;
    if (agent.call?.connectionHandle === sessionID) agent.call.wrapup = wrapup;
    this.emit('OnCallDisconnected', { ...agent.callData(sessionID), Reason: reason });
    agent.pom.AGTGetCompCodes(sessionID);
  }

  /** The customer is now this agent's call, on the consult's handle. */
  private ownCustomer(contact: POMContact, sessionID: string): void {
    this.agent.call = { connectionHandle: sessionID, ucid: sessionID, campaignType: contact.contactType, contact, wrapup: null };
    this.host.callStarted(this.agent, sessionID);
    this.emit('OnTransferNotify', { ConnectionHandle: sessionID, RequestingAgentID: this.consultedBy, JSONData: contactJsonData(contact) });
    this.consultedBy = '';
  }

  AGTTransferNotify(contact: POMContact, sessionID: string): void {
    this.ownCustomer(contact, sessionID);
  }

  AGTStartConfRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('conference', result);
  }

  AGTConferenceNotify(contact: POMContact, sessionID: string): void {
    const owner = this.agent.call?.connectionHandle === sessionID;
    this.emit('OnConferenceNotify', {
      ConnectionHandle: sessionID, Role: owner ? 'Owner' : 'Passive', RequestingAgentID: owner ? this.agent.agentID : this.consultedBy, JSONData: contactJsonData(contact),
    });
  }

  AGTConferenceEnded(sessionID: string): void {
    this.emit('OnConferenceEnded', { ConnectionHandle: sessionID });
  }

  AGTConferenceOwnershipChanged(contact: POMContact, sessionID: string): void {
    this.ownCustomer(contact, sessionID);
  }

  AGTLeaveConfRESP(sessionID: string, result: number, wrapup: POMWrapupDetails | null): void {
    this.commands.callControlResponse('leaveConference', result);
    // The owner who leaves hands the customer on and wraps up; the passive party just goes.
    if (result === 0 && this.agent.call?.connectionHandle === sessionID) this.handedOver(wrapup, sessionID, 'LeftConference');
  }

  AGTEndConfRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('endConference', result);
  }

  AGTCancelConsultRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('cancelConsult', result);
  }
}
