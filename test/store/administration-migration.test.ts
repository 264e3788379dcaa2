/**
 * Migration 006 on a database written before it: completion codes move out of the campaigns into
 * their own table, calling windows become weekly hours, pacing gains its method and target, agents
 * their first and last names; the campaigns behave as they did. Migration 007 then gives teams no blending
 * rule and agents no skill levels.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { openDatabase, openStore } from '../../src/store/open-store.ts';
import { initialMigration } from '../../src/store/migrations/001_initial.ts';
import { desktopMigration } from '../../src/store/migrations/002_desktop.ts';
import { utilitiesMigration } from '../../src/store/migrations/003_utilities.ts';
import { reportExportsMigration } from '../../src/store/migrations/004_report_exports.ts';
import { dncSourceMigration } from '../../src/store/migrations/005_dnc_source.ts';
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';

it('carries campaigns, codes and agents written before 006 over unchanged in behaviour', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nailup-migration-'));
  const path = join(dir, 'old.db');
  try {
    const { db } = await openDatabase(path);
    const old = db as unknown as Kysely<unknown>;
    const migrations = { '001_initial': initialMigration, '002_desktop': desktopMigration, '003_utilities': utilitiesMigration, '004_report_exports': reportExportsMigration, '005_dnc_source': dncSourceMigration };
    const { error } = await new Migrator({ db: old, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
    assert.equal(error, undefined);
    await sql`insert into organizations (name) values ('Acme')`.execute(old);
    await sql`insert into teams (name, organization_name) values ('Sales', 'Acme')`.execute(old);
    await sql`insert into agents values ('1001', '44001', 'agent1001', 'Mary Ann Smith', 'scrypt$x', 'Acme', 'Sales', '["Out"]', 'primary', 'en-US', 'America/New_York', 'Default')`.execute(old);
    await sql`insert into contact_lists (name, organization_name, zone_name, last_updated_on) values ('L', 'Acme', 'Default', 0)`.execute(old);
    const codes = JSON.stringify([{ codeID: '69', codeValue: 'Sale', outcome: 'final' }, { codeID: '73', codeValue: 'CM_NTC', outcome: 'retry' }]);
    await sql`insert into campaigns (name, organization_name, team_name, skillset_name, skillset_id, type, contact_list_id, dnc_list_ids,
      completion_codes, default_completion_code, calling_window, retry_rules, max_attempts, no_answer_timeout_seconds, preview_timed,
      preview_timeout_seconds, preview_can_cancel, wrapup_seconds, wrapup_extendable, amd, answering_machine_action, pacing, priority)
      values ('Spring', 'Acme', 'Sales', 'Out', '7', 'Predictive', 1, '[]', ${codes}, '73', '{"start":"08:00","end":"21:00"}', '{"Call_Busy":10}',
      5, 45, 0, 0, 0, 30, 0, 1, 'drop', '{"initialRatio":1.5,"maxLinesPerAgent":4,"abandonCap":0.03,"connectWithinSeconds":2}', 0)`.execute(old);
    await db.destroy();

    const store = await openStore(path);
    try {
      const campaign = await store.campaigns.findByName('Spring');
      assert.deepEqual(campaign?.completionCodes, [
        { codeID: '69', codeValue: 'Sale', nextState: 'done', retryMinutes: null, sale: true, rightPartyContact: true },
        { codeID: '73', codeValue: 'CM_NTC', nextState: 'retry', retryMinutes: null, sale: false, rightPartyContact: false },
      ]);
      assert.deepEqual(campaign?.callingWindow, { hours: everyDay('08:00', '21:00') });
      assert.deepEqual(campaign?.pacing, { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 4, abandonCap: 0.03, targetAbandonRate: 0.0225, connectWithinSeconds: 2 });
      assert.deepEqual(campaign?.amdEstimates, { falsePositive: 0.05, falseNegative: 0.15 });
      assert.deepEqual([campaign?.maxAttemptsPerNumber, campaign?.minimumRingSeconds, campaign?.callerId, campaign?.callbackExpiryMinutes], [0, 15, '', 120]);
      const agent = await store.agents.findByAgentId('1001');
      assert.deepEqual([agent?.firstName, agent?.lastName, agent?.name, agent?.enabled], ['Mary', 'Ann Smith', 'Mary Ann Smith', true]);
      // 007: a team written before blends into nothing, an agent is level 1 in every skill.
      assert.deepEqual(agent?.skillLevels, {});
      assert.equal((await store.organizations.findTeam('Sales'))?.blending, null);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
