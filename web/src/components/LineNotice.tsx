import type { DesktopState } from '../api.ts';

const clock = (at: number): string => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The banner of a dialer out of reach (POMNotAvailable: the agent is being logged on to the other one) until
 * POMAvailable, else of a dropped nail-up line (NailingLost) until the line is nailed up again.
 */
export function LineNotice({ desk }: { desk: DesktopState }) {
  if (desk.pomUnavailableAt != null) {
    return (
      <p class="banner banner-ended line-notice" role="alert" data-testid="pom-notice">
        The dialer became unreachable at {clock(desk.pomUnavailableAt)}. Logging you on to the other dialer, in the state you had…
      </p>
    );
  }
  if (desk.nailingLostAt === null) return null;
  const next = desk.callState === 'Wrapup' ? 'Complete the contact: your line is nailed up again after it.'
    : desk.agentState !== 'Ready' ? 'Go Ready (Alt+R) to have it nailed up again.'
      : desk.nailedStatus === 'PendingNailUp' ? 'Nailing it up again…'
        : 'It is nailed up again as soon as a campaign needs you.';
  return (
    <p class="banner banner-ended line-notice" role="alert" data-testid="line-notice">
      Your line dropped at {clock(desk.nailingLostAt)} (nail-up lost). {next}
    </p>
  );
}
