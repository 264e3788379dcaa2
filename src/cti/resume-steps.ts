import { ResultCode } from '../pom/result-codes.ts';
import type { EventHub } from './event-hub.ts';
import { toTmacCode } from './tmac-events.ts';

/** The state an agent resumed after a failover is put back in: Ready, or Not Ready with its reason. */
export interface ResumedState {
  agentState: 'Ready' | 'NotReady';
  reasonCode: number;
}

/** Agents logged on again at once after a failover: enough to be quick, few enough not to flood POM. */
const RESUME_BATCH = 50;
const RESUME_STEP_TIMEOUT_MS = 10_000;
/** Invoke IDs of the commands the server sends itself (resume), apart from those clients choose. */
const FIRST_SERVER_INVOKE_ID = 1_000_000_000;

/** Runs `task` on every item, RESUME_BATCH at a time. */
export async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += RESUME_BATCH) await Promise.all(items.slice(i, i + RESUME_BATCH).map(task));
}

/** The steps of a resume: commands the CTI server sends itself, each awaited until its done event. */
export class ResumeSteps {
  private nextInvokeID = FIRST_SERVER_INVOKE_ID;

  constructor(private readonly events: EventHub) {}

  /** Sends a command of the server's own and waits for its done event: its TMAC code (-9999 on no answer). */
  async untilDone(extension: string, doneName: string, send: (invokeID: string) => Promise<number>): Promise<number> {
    const invokeID = String(this.nextInvokeID++);
    let unsubscribe = (): void => {};
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<number>((resolve) => {
      unsubscribe = this.events.subscribe((e) => {
        if (e.eventName === doneName && e.eventData.InvokeID === invokeID) resolve(Number(e.eventData.ErrorCode ?? 0));
      }, extension);
      timer = setTimeout(() => resolve(toTmacCode(ResultCode.PomNotAvailable)), RESUME_STEP_TIMEOUT_MS);
    });
    try {
      const result = await send(invokeID);
      return result !== 0 ? result : await done;
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }
}
