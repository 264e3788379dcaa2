/**
 * `nailup import agents FILE`: a floor of agents from a CSV file with the API's fields as columns
 * (agentId, lanId, extension, password, firstName, lastName, teamName, skills, locationPreference,
 * enabled), all or nothing: every row is checked first and, if any is refused, none is added and the
 * report names each refused row with its line and field. An agentId, lanId or extension is refused when
 * an agent has it already or an earlier line of the file gives it.
 */
import { NailupError } from '../errors.ts';
import { readCsv } from '../imports/csv.ts';
import { badBytesOf, holdsBadBytes, showBadBytes } from '../imports/text-decoding.ts';
import type { AgentRecord, ImportRejectRecord } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { agentRecord, checkExtensionFree, checkLanIdFree, defineSkills, readAgent } from './agents.ts';
import type { Body } from './fields.ts';

const COLUMNS = ['agentId', 'lanId', 'extension', 'password', 'firstName', 'lastName', 'teamName', 'skills', 'locationPreference', 'enabled'] as const;
const REQUIRED = ['agentId', 'lanId', 'extension', 'password', 'firstName', 'teamName'];

export interface AgentImportOutcome {
  rows: number;
  /** Agents added: every row, or none when a row was refused. */
  added: number;
  rejects: ImportRejectRecord[];
}

/** A CSV row as the API's body: skills split on `;` or `|`, enabled as true/false (yes/no, 1/0); empty cells left out. */
function bodyOf(header: readonly string[], fields: readonly string[]): Body {
  const body: Body = {};
  header.forEach((column, i) => {
    const value = (fields[i] ?? '').trim();
    if (value === '') return;
    if (column === 'skills') body.skills = value.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
    else if (column === 'enabled') body.enabled = /^(true|yes|1)$/i.test(value) ? true : /^(false|no|0)$/i.test(value) ? false : value;
    else body[column] = value;
  });
  return body;
}

export async function importAgents(ctx: Pick<AdminContext, 'store' | 'config'>, source: AsyncIterable<Buffer | string>): Promise<AgentImportOutcome> {
  const rejects: ImportRejectRecord[] = [];
  const agents: AgentRecord[] = [];
  const seen = { agentId: new Map<string, number>(), lanId: new Map<string, number>(), extension: new Map<string, number>() };
  // The extensions of the agents there are, read once: extension → agentId.
  const extensions = new Map((await ctx.store.agents.list()).map((a) => [a.extension, a.agentId]));
  let header: string[] | null = null;
  let rows = 0;
  const reject = (rowNumber: number, field: string, message: string, value: string): void => {
    rejects.push({ rowNumber, reason: 'bad_value', field, message, value });
  };
  for await (const batch of readCsv(source, { batchSize: 500, invalidUtf8: 'mark' })) {
    for (const record of batch) {
      if (!header) {
        if (record.badBytes) throw new NailupError('VALIDATION_FAILED', 'line 1: the header holds bytes that are not UTF-8: save the file as UTF-8', 'header');
        header = record.fields.map((f) => f.trim());
        const unknown = header.find((c) => !(COLUMNS as readonly string[]).includes(c));
        if (unknown !== undefined) throw new NailupError('VALIDATION_FAILED', `line 1: unknown column ${unknown} (columns: ${COLUMNS.join(', ')})`, 'header');
        const missing = REQUIRED.find((c) => !header!.includes(c));
        if (missing !== undefined) throw new NailupError('VALIDATION_FAILED', `line 1: the column ${missing} is required`, 'header');
        continue;
      }
      rows++;
      const bad = header.findIndex((_, i) => holdsBadBytes(record.fields[i] ?? ''));
      if (bad >= 0) {
        const value = record.fields[bad] ?? '';
        reject(record.line, header[bad]!, `line ${record.line}: ${header[bad]} holds bytes that are not UTF-8 (${badBytesOf(value)}): save the file as UTF-8`, showBadBytes(value));
        continue;
      }
      const body = bodyOf(header, record.fields);
      try {
        const input = readAgent(body);
        for (const key of ['agentId', 'lanId', 'extension'] as const) {
          const first = seen[key].get(input.agent[key]);
          if (first !== undefined) throw new NailupError('CONFLICT', `${key}: ${input.agent[key]} is also on line ${first}`, key);
          seen[key].set(input.agent[key], record.line);
        }
        if (await ctx.store.agents.findByAgentId(input.agent.agentId)) throw new NailupError('CONFLICT', `agentId: agent ${input.agent.agentId} exists`, 'agentId');
        await checkLanIdFree(ctx, input.agent.lanId, input.agent.agentId);
        const agent = await agentRecord(ctx, input, undefined);
        await checkExtensionFree(ctx, agent.extension, agent.agentId, extensions);
        agents.push(agent);
      } catch (error) {
        if (!(error instanceof NailupError)) throw error;
        const field = error.field ?? '';
        reject(record.line, field, error.message, field && typeof body[field] === 'string' ? String(body[field]) : '');
      }
    }
  }
  if (!header) throw new NailupError('VALIDATION_FAILED', 'the file is empty: it needs a header line and one row per agent', 'file');
  if (rejects.length > 0 || agents.length === 0) return { rows, added: 0, rejects };
  // Each skill of the file defined once in each organization that uses it.
  const skills = new Map(agents.flatMap((a) => a.skills.map((skill) => [`${a.organizationName}\u0000${skill}`, { skills: [skill], organizationName: a.organizationName }] as const)));
  for (const skill of skills.values()) await defineSkills(ctx, skill);
  await ctx.store.agents.insertMany(agents);
  return { rows, added: agents.length, rejects };
}
