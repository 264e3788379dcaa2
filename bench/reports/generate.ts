/**
 * Bulk generation of the benchmark's records (model.ts), as fast as each database takes them: on SQLite
 * prepared inserts in large transactions on the file's own connection; on PostgreSQL generate_series,
 * a million attempts per statement. The floor (agents, campaigns, jobs) is made through the store first.
 * Each contact's first attempt (contacts.first_attempted_at, List Accounts Not Attempted) is set by the
 * trigger of migration 013 as the attempts are inserted, as for the dialer's own.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { attemptOf, DAY_MS, JOBS_PER_CAMPAIGN, SHIFT_START_MS, slotMs, slotsPerDay, START, talkSpanMs, type Model } from './model.ts';

const CONTACT_JSON = {
  phones: '[{"number":"+13125550100","countryCode":"1","timezone":"UTC","state":"IL","wireless":false}]',
  emails: '[]',
  address: '{"line1":"1 Main St","line2":"","line3":"","line4":"","line5":"","country":"US","zipCode":"60601"}',
};

/** Resolves with the number of agent history rows written. */
export async function generateSqlite(path: string, m: Model, contactListId: number, campaignNames: readonly string[], progress: (what: string) => void): Promise<number> {
  const db = new SqliteDatabase(path);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const contact = db.prepare(`insert into contacts (contact_list_id, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, state, priority, attempts, next_attempt_at)
      values (?, ?, '', 'Ann', ?, '${CONTACT_JSON.phones}', '${CONTACT_JSON.emails}', '${CONTACT_JSON.address}', '{}', 'done', 1, 1, 0)`);
    db.transaction(() => {
      for (let n = 0; n < m.contacts; n++) contact.run(contactListId, `A${n}`, `Lee ${n}`);
    })();
    const firstContact = (db.prepare('select min(id) as id from contacts where contact_list_id = ?').get(contactListId) as { id: number }).id;
    if (firstContact !== m.firstContactId) throw new Error(`contacts start at id ${firstContact}, not ${m.firstContactId}`);
    progress(`${m.contacts} contacts`);
    const attempt = db.prepare(`insert into call_attempts (job_id, campaign_id, contact_id, number, kind, dialed_at, answered_at, connected_at, ended_at, result, agent_id, completion_code, abandoned, nuisance, amd_hangup)
      values (@job_id, @campaign_id, @contact_id, @number, @kind, @dialed_at, @answered_at, @connected_at, @ended_at, @result, @agent_id, @completion_code, @abandoned, @nuisance, @amd_hangup)`);
    const change = db.prepare(`insert into agent_state_history (agent_id, at, agent_state, call_state, nailed_status, reason_code, campaign_name)
      values (@agent_id, @at, @agent_state, @call_state, @nailed_status, @reason_code, @campaign_name)`);
    let changes = 0;
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const { attempt: row, history } = attemptOf(i, m, campaignNames);
        attempt.run(row);
        for (const h of history) change.run(h);
        changes += history.length;
      }
    });
    const step = 250_000;
    for (let from = 0; from < m.attempts; from += step) {
      batch(from, Math.min(from + step, m.attempts));
      if ((from / step) % 8 === 7) progress(`${from + step} attempts`);
    }
    return changes;
  } finally {
    db.close();
  }
}

/** The attempts [from, to) with the model's derived columns, as SQL (the same formulas as attemptOf). */
function derived(m: Model, from: number, to: number): string {
  const S = slotsPerDay(m);
  return `(select i, a, c, day, k, h, shift0, dialed,
      case when h < 350 then dialed + 39000 + ((i * 131) % 1000) * ${talkSpanMs(m)} / 1000
        when h < 370 then dialed + 10000 when h < 375 then dialed + 15000 when h < 500 then dialed + 12000
        when h < 600 then dialed + 3000 else dialed + 25000 end as ended
    from (select i, a, c, day, k, h, ${START} + day * ${DAY_MS} + ${SHIFT_START_MS} + k * ${slotMs(m)} as shift0,
        ${START} + day * ${DAY_MS} + ${SHIFT_START_MS} + k * ${slotMs(m)} + (a * 997) % 5000 as dialed
      from (select i, i % ${m.agents} as a, (i % ${m.agents}) % ${m.campaigns} as c, (i / ${m.agents}) / ${S} as day, (i / ${m.agents}) % ${S} as k,
          (i * 7919 + 13) % 1000 as h
        from generate_series(${from}::bigint, ${to - 1}::bigint) as g(i)) x) y) z`;
}

/** Resolves with the number of agent history rows written. */
export async function generatePostgres(url: string, m: Model, contactListId: number, progress: (what: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off');
    await client.query(`insert into contacts (contact_list_id, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, state, priority, attempts, next_attempt_at)
      select ${contactListId}, 'A' || n, '', 'Ann', 'Lee ' || n, $1, $2, $3, '{}', 'done', 1, 1, 0 from generate_series(0, ${m.contacts - 1}) as g(n) order by n`,
    [CONTACT_JSON.phones, CONTACT_JSON.emails, CONTACT_JSON.address]);
    const first = await client.query<{ id: string }>('select min(id) as id from contacts where contact_list_id = $1', [contactListId]);
    if (Number(first.rows[0]?.id) !== m.firstContactId) throw new Error(`contacts start at id ${first.rows[0]?.id}, not ${m.firstContactId}`);
    progress(`${m.contacts} contacts`);
    const step = 1_000_000;
    let changes = 0;
    for (let from = 0; from < m.attempts; from += step) {
      const to = Math.min(from + step, m.attempts);
      await client.query(`insert into call_attempts (job_id, campaign_id, contact_id, number, kind, dialed_at, answered_at, connected_at, ended_at, result, agent_id, completion_code, abandoned, nuisance, amd_hangup)
        select ${m.firstJobId} + c * ${JOBS_PER_CAMPAIGN} + least(${JOBS_PER_CAMPAIGN - 1}, day / 31), ${m.firstCampaignId} + c, ${m.firstContactId} + i % ${m.contacts},
          '+1312' || lpad((i % 10000000)::text, 7, '0'), case when c % 3 = 2 then 'preview' else 'predictive' end, dialed,
          case when h < 500 then dialed + 8000 end, case when h < 350 then dialed + 9000 end, ended,
          case when h < 350 then 'Answer_Human' when h < 370 then 'Abandoned' when h < 375 then 'Answer_Human' when h < 500 then 'Answer_Machine'
            when h < 600 then 'Call_Busy' else 'Ring_No_Answer' end,
          case when h < 350 or c % 3 = 2 then (1000 + a)::text end,
          case when h < 350 then (array['SALE','CB','NSP','NTC','NI','DNC'])[(i * 17) % 6 + 1] end,
          h >= 350 and h < 370, h >= 370 and h < 375, h >= 375 and h < 500
        from ${derived(m, from, to)} order by i`);
      changes += (await client.query(`insert into agent_state_history (agent_id, at, agent_state, call_state, nailed_status, reason_code, campaign_name)
        select (1000 + z.a)::text, v.at, v.st, v.cs, 'NailedUp', v.rc, case when v.st = 'LoggedOut' then null else cp.name end
        from ${derived(m, from, to)} join campaigns cp on cp.id = ${m.firstCampaignId} + z.c
        cross join lateral (values
          (1, case when k = 0 then shift0 - 60000 end, 'Ready', 'Idle', 0),
          (2, case when c % 3 = 2 then dialed - 10000 end, 'Ready', 'Preview', 0),
          (3, case when h < 350 then dialed + 9000 end, 'Ready', 'Talking', 0),
          (4, case when h < 350 then ended end, 'Ready', 'Wrapup', 0),
          (5, case when h < 350 then ended + 20000 end, case when i % 10 = 0 then 'NotReady' else 'Ready' end, 'Idle', case when i % 10 = 0 then 2 else 0 end),
          (6, case when h < 350 and i % 10 = 0 then ended + 80000 end, 'Ready', 'Idle', 0),
          (7, case when c % 3 = 2 and h >= 350 then ended end, 'Ready', 'Idle', 0),
          (8, case when k = ${slotsPerDay(m) - 1} or i + ${m.agents} >= ${m.attempts} then shift0 + ${slotMs(m)} + 60000 end, 'LoggedOut', 'NoState', 0)
        ) as v(n, at, st, cs, rc)
        where v.at is not null order by z.i, v.n`)).rowCount ?? 0;
      progress(`${to} attempts`);
    }
    await client.query('analyze');
    return changes;
  } finally {
    await client.end();
  }
}
