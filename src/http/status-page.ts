/**
 * The floor status page: a live view of jobs, inbound queues and agents, refreshed from /api/v1/status. The page is static
 * (its script and styles are served beside it, so that the Content-Security-Policy allows no inline code);
 * the data needs a supervisor login unless `http.publicStatus`: the script sends the token the supervisor
 * pages keep in sessionStorage, and without one (or when it has expired) links to the login.
 *
 * A logged-in supervisor (or administrator) has a Log out button in each agent's row: after a confirm it
 * logs the agent out at the dialer (POST /api/v1/agents/{agentId}/logout), releasing what the agent held.
 */
export const FLOOR_SCRIPT_PATH = '/floor/floor.js';
export const FLOOR_STYLES_PATH = '/floor/floor.css';

export function statusPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nailup · floor status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${FLOOR_STYLES_PATH}">
<script src="${FLOOR_SCRIPT_PATH}" defer></script>
</head>
<body>
<h1>nailup floor status</h1>
<div class="muted" id="now" aria-live="polite">loading…</div>
<p id="login" class="login" hidden>The floor status is for supervisors: <a href="/supervisor/">log in at /supervisor/</a>, then open /floor again in the same tab.</p>
<div id="floor">
<h2>Jobs</h2>
<table aria-label="Jobs"><thead><tr><th>Job</th><th>Campaign</th><th>Type</th><th>State</th><th>Agents</th><th>Available</th>
<th>Ringing</th><th>Waiting</th><th>Attempts</th><th>Live answers</th><th>Connected</th><th>Abandoned</th><th>Abandon rate</th><th>Pacing</th><th>Contacts left</th></tr></thead>
<tbody id="jobs"></tbody></table>
<div id="warnings" role="status" aria-label="Warnings"></div>
<h2>Queues</h2>
<table aria-label="Queues"><thead><tr><th>Queue</th><th>Waiting</th><th>Oldest wait</th><th>Staffed</th><th>Available</th><th>Offered</th>
<th>Answered</th><th>Abandoned</th><th>Overflowed</th><th>Service level</th><th>ASA</th></tr></thead>
<tbody id="queues"></tbody></table>
<p id="no-queues" class="muted" hidden>No inbound queues.</p>
<h2>Agents</h2>
<p id="agent-action" role="status" aria-live="polite" hidden></p>
<table aria-label="Agents"><thead><tr><th>Agent</th><th>Agent state</th><th>Call state</th><th>Nail-up</th><th>Campaign</th><th>Mode</th><th id="agent-actions" hidden>Actions</th></tr></thead>
<tbody id="agents"></tbody></table>
</div>
</body></html>`;
}

export function statusPageStyles(): string {
  return `body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1c2430; background: #f6f7f9; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; white-space: nowrap; }
th { background: #eef1f5; font-weight: 600; }
.muted { color: #6b7683; }
.login { background: #eef4ff; border-left: 4px solid #2f6fde; padding: 8px 12px; }
#jobs td { white-space: pre-line; }
table[aria-label="Jobs"] th { white-space: normal; }
.warning { background: #fff4e0; border-left: 4px solid #c77700; padding: 6px 10px; margin: 4px 0; white-space: normal; }
#agent-action { background: #eef4ff; border-left: 4px solid #2f6fde; padding: 6px 10px; margin: 4px 0; }
#agent-action.failed { background: #fdecea; border-left-color: #c62828; }
td button { font: inherit; padding: 2px 10px; cursor: pointer; }
[hidden] { display: none !important; }
`;
}

export function statusPageScript(): string {
  return `'use strict';
(() => {
  const TOKEN_KEY = 'nailup.supervisor.token';
  // Why the job dials as it does (PacingReason in src/dialer/pacing/pacer.ts); nothing when all is well.
  const PACING_REASONS = {
    'no-agents': 'no agent is Ready',
    'near-cap': 'slowed near the abandon cap', detection: 'answer detection uses the abandon budget',
    'thin-headroom': 'little room under the abandon cap yet: dialing for agents about to be free',
    'few-answers': 'too few live answers for the cap yet', 'calls-in-flight': 'the calls under way carry the risk',
    'answer-burst': 'more live answers than expected', 'at-cap': 'at the abandon cap',
  };
  const pacing = (p) => !p ? '' : p.mode + (PACING_REASONS[p.reason] ? '\\n(' + PACING_REASONS[p.reason] + ')' : '');
  const cell = (v) => { const td = document.createElement('td'); td.textContent = v; return td; };
  const row = (values) => { const tr = document.createElement('tr'); values.forEach((v) => tr.appendChild(cell(v))); return tr; };
  const $ = (id) => document.getElementById(id);
  let timer = null;
  const tokenNow = () => sessionStorage.getItem(TOKEN_KEY);
  function say(text, failed) {
    const p = $('agent-action');
    p.textContent = text;
    p.className = failed ? 'failed' : '';
    p.hidden = false;
  }
  // A supervisor logs an agent out (docs/operations.md): the dialer releases what the agent held, its desktop is told.
  async function logOut(agentId) {
    if (!confirm('Log out agent ' + agentId + "? A preview contact goes back to its list, a call in hand is finished with the campaign's default code, and the agent's desktop is logged out.")) return;
    let response;
    try {
      response = await fetch('/api/v1/agents/' + encodeURIComponent(agentId) + '/logout', { method: 'POST', headers: { authorization: 'Bearer ' + tokenNow() } });
    } catch (e) {
      say('Agent ' + agentId + ' was not logged out: nailup is not answering.', true);
      return;
    }
    if (response.status === 401) return needLogin();
    const body = await response.json().catch(() => null);
    if (response.ok) say('Agent ' + agentId + ' was logged out.', false);
    else say('Agent ' + agentId + ' was not logged out: ' + ((body && body.error && body.error.message) || ('nailup answered ' + response.status)), true);
    await refresh();
  }
  function agentRow(a, canLogOut) {
    const tr = row([a.agentId, a.reasonName ? a.agentState + ' (' + a.reasonName + ')' : a.agentState, a.callState, a.nailedStatus, a.campaign ?? '', a.mode ?? 'outbound']);
    if (canLogOut) {
      const td = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Log out';
      button.setAttribute('aria-label', 'Log out agent ' + a.agentId);
      button.addEventListener('click', () => void logOut(a.agentId));
      td.appendChild(button);
      tr.appendChild(td);
    }
    return tr;
  }
  function needLogin() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    $('now').textContent = 'not logged in';
    $('floor').hidden = true;
    $('login').hidden = false;
  }
  async function refresh() {
    let response;
    try {
      const token = tokenNow();
      response = await fetch('/api/v1/status', { headers: token ? { authorization: 'Bearer ' + token } : {} });
    } catch (e) {
      $('now').textContent = 'nailup is not answering';
      return;
    }
    if (response.status === 401 || response.status === 403) return needLogin();
    if (!response.ok) { $('now').textContent = 'nailup answered ' + response.status; return; }
    const s = await response.json();
    $('login').hidden = true;
    $('floor').hidden = false;
    $('now').textContent = 'as of ' + s.now;
    $('jobs').replaceChildren(...s.jobs.map((j) => row([j.jobId, j.campaign, j.type, j.state, j.agents, j.agentsAvailable,
      j.linesRinging, j.waiting, j.attempts.total, j.attempts.liveAnswers, j.attempts.connected, j.attempts.abandoned,
      (100 * j.abandonRate).toFixed(2) + ' %' + (j.pacing && j.pacing.abandonRateByDetection > 0 ? '\\n(AMD ' + (100 * j.pacing.abandonRateByDetection).toFixed(2) + ' %)' : ''),
      pacing(j.pacing), j.contacts.available])));
    $('warnings').replaceChildren(...s.jobs.flatMap((j) => j.warnings.map((w) => {
      const p = document.createElement('p'); p.className = 'warning'; p.textContent = j.campaign + ': ' + w; return p;
    })));
    const queues = s.queues ?? [];
    $('queues').replaceChildren(...queues.map((q) => row([q.queue, q.waiting, q.oldestWaitSeconds + ' s', q.agentsStaffed, q.agentsAvailable,
      q.offered, q.answered, q.abandoned, q.overflowed,
      q.serviceLevelPercent === null ? '—' : q.serviceLevelPercent.toFixed(1) + ' % in ' + q.serviceLevelSeconds + ' s',
      q.averageSpeedOfAnswerSeconds === null ? '—' : q.averageSpeedOfAnswerSeconds.toFixed(1) + ' s'])));
    $('no-queues').hidden = queues.length > 0;
    // Only a logged-in supervisor logs agents out (a public status page has no token).
    const canLogOut = tokenNow() !== null;
    $('agent-actions').hidden = !canLogOut;
    $('agents').replaceChildren(...s.agents.map((a) => agentRow(a, canLogOut)));
  }
  void refresh();
  timer = setInterval(() => void refresh(), 2000);
})();
`;
}
