import type { DesktopState } from '../api.ts';

const clock = (at: number): string => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The banner of a dropped nail-up line (NailingLost): it stays until the line is nailed up again. */
export function LineNotice({ desk }: { desk: DesktopState }) {
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
