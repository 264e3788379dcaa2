/** The floor status page: a live view of jobs and agents, refreshed from /api/v1/status. */
export function statusPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nailup · floor status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1c2430; background: #f6f7f9; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
  table { border-collapse: collapse; background: #fff; width: 100%; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; white-space: nowrap; }
  th { background: #eef1f5; font-weight: 600; }
  .muted { color: #6b7683; }
  .warning { background: #fff4e0; border-left: 4px solid #c77700; padding: 6px 10px; margin: 4px 0; white-space: normal; }
</style></head>
<body>
<h1>nailup floor status</h1>
<div class="muted" id="now" aria-live="polite">loading…</div>
<h2>Jobs</h2>
<table aria-label="Jobs"><thead><tr><th>Job</th><th>Campaign</th><th>Type</th><th>State</th><th>Agents</th><th>Available</th>
<th>Ringing</th><th>Waiting</th><th>Attempts</th><th>Live answers</th><th>Connected</th><th>Abandoned</th><th>Abandon rate</th><th>Contacts left</th></tr></thead>
<tbody id="jobs"></tbody></table>
<div id="warnings" role="status" aria-label="Warnings"></div>
<h2>Agents</h2>
<table aria-label="Agents"><thead><tr><th>Agent</th><th>Agent state</th><th>Call state</th><th>Nail-up</th><th>Campaign</th></tr></thead>
<tbody id="agents"></tbody></table>
<script>
const cell = (v) => { const td = document.createElement('td'); td.textContent = v; return td; };
const row = (values) => { const tr = document.createElement('tr'); values.forEach((v) => tr.appendChild(cell(v))); return tr; };
async function refresh() {
  try {
    const s = await (await fetch('/api/v1/status')).json();
    document.getElementById('now').textContent = 'as of ' + s.now;
    document.getElementById('jobs').replaceChildren(...s.jobs.map((j) => row([j.jobId, j.campaign, j.type, j.state, j.agents, j.agentsAvailable,
      j.linesRinging, j.waiting, j.attempts.total, j.attempts.liveAnswers, j.attempts.connected, j.attempts.abandoned,
      (100 * j.abandonRate).toFixed(2) + ' %', j.contacts.available])));
    document.getElementById('warnings').replaceChildren(...s.jobs.flatMap((j) => j.warnings.map((w) => {
      const p = document.createElement('p'); p.className = 'warning'; p.textContent = j.campaign + ': ' + w; return p;
    })));
    document.getElementById('agents').replaceChildren(...s.agents.map((a) => row([a.agentId, a.agentState, a.callState, a.nailedStatus, a.campaign ?? ''])));
  } catch (e) { document.getElementById('now').textContent = 'nailup is not answering'; }
}
refresh(); setInterval(refresh, 2000);
</script>
</body></html>`;
}
