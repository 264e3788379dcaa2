/**
 * Links A3 and A4 on a gateway: commands as requests to the leading dialer's CTI server, events from the
 * subjects it publishes them on. While no dialer leads, a command answers POM's "not available" code, as
 * the CTI server does when its POM link is down (protocol.md §4.1), and each extension's A4 sockets are
 * told POMNotAvailable, then POMAvailable once a leader serves again (pom-availability.ts).
 */
import { NailupError, type ErrorCode } from '../errors.ts';
import type { AgentView } from '../cti/cti-server.ts';
import { toTmacCode, type TmacEvent } from '../cti/tmac-events.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { CtiLink } from '../tmac/cti-link.ts';
import { BusUnavailable, type ClusterBus } from './bus.ts';
import type { PomAvailability } from './pom-availability.ts';
import { SUBJECTS } from './subjects.ts';

interface ErrorJson {
  code: ErrorCode;
  message: string;
  field?: string;
  tmacCode?: number;
}

/** The leader's `{error}` answer as the NailupError it was. */
export function errorFromBus(error: ErrorJson): NailupError {
  return new NailupError(error.code, error.message, error.field, error.tmacCode === undefined ? {} : { tmacCode: error.tmacCode });
}

export class BusCtiLink implements CtiLink {
  constructor(private readonly bus: ClusterBus, private readonly timeoutMs: number, private readonly availability: PomAvailability) {}

  async execute(command: string, body: unknown): Promise<number> {
    let answer: { result?: number; error?: ErrorJson };
    try {
      answer = (await this.bus.request(SUBJECTS.command, { command, body }, this.timeoutMs)) as typeof answer;
    } catch (error) {
      if (error instanceof BusUnavailable) return toTmacCode(ResultCode.PomNotAvailable);
      throw error;
    }
    if (answer.error) throw errorFromBus(answer.error);
    return answer.result ?? toTmacCode(ResultCode.PomNotAvailable);
  }

  subscribe(extension: string | undefined, listener: (event: TmacEvent) => void): () => void {
    const subscription = this.bus.subscribe(extension === undefined ? SUBJECTS.allEvents : SUBJECTS.events(extension), (event) => listener(event as TmacEvent));
    const unwatch = extension === undefined ? () => {} : this.availability.watch(extension, listener);
    return () => {
      unwatch();
      subscription.unsubscribe();
    };
  }

  async agentView(agentID: string): Promise<AgentView | undefined> {
    try {
      const answer = (await this.bus.request(SUBJECTS.agentView, { agentID }, this.timeoutMs)) as { view: AgentView | null };
      return answer.view ?? undefined;
    } catch (error) {
      if (error instanceof BusUnavailable) return undefined;
      throw error;
    }
  }
}
