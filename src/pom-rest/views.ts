/** Records as the POM web services show them, with the spec's field names (protocol.md §6). */
import type {
  CampaignRecord, ContactListRecord, ContactRecord, DataSourceRecord, DataSourceScheduleRecord, DncListRecord, ImportRunRecord, JobRecord,
} from '../store/records.ts';
import type { ContactCounts } from '../store/store.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The spec's ContactList. */
export interface PomContactList {
  contactListName: string;
  contactListId: number;
  lastUpdateOn: string;
  totalContacts: number;
  availableContacts: number;
  totalExcludedContacts: number;
  organizationName: string;
  zoneName: string;
}

export function contactListView(list: ContactListRecord, counts: ContactCounts): PomContactList {
  return {
    contactListName: list.name,
    contactListId: list.id,
    lastUpdateOn: new Date(list.lastUpdatedOn).toISOString(),
    totalContacts: counts.total,
    availableContacts: counts.available,
    totalExcludedContacts: counts.excluded,
    organizationName: list.organizationName,
    zoneName: list.zoneName,
  };
}

/** One item of a contact batch: the contact's fields and its custom attributes (CAMP_ID, expiry…). */
export interface PomContact {
  id: number;
  userContactId: string;
  title: string;
  firstName: string;
  lastName: string;
  phoneNumbers: ContactRecord['phones'];
  emails: string[];
  address: ContactRecord['address'];
  attributes: Record<string, string>;
  priority: number;
  state: string;
  attempts: number;
  lastAttemptTime: string | null;
  nextAttemptTime: string;
  lastResult: string | null;
  lastCompletionCode: string | null;
}

export function contactView(c: ContactRecord): PomContact {
  return {
    id: c.id,
    userContactId: c.userContactId,
    title: c.title,
    firstName: c.firstName,
    lastName: c.lastName,
    phoneNumbers: c.phones,
    emails: c.emails,
    address: c.address,
    attributes: c.customFields,
    priority: c.priority,
    state: c.state,
    attempts: c.attempts,
    lastAttemptTime: iso(c.lastAttemptAt),
    nextAttemptTime: new Date(c.nextAttemptAt).toISOString(),
    lastResult: c.lastResult,
    lastCompletionCode: c.lastCompletionCode,
  };
}

/** The spec's DNCList. */
export interface PomDncList {
  DNCListId: number;
  DNCListName: string;
  lastUpdated: string;
  totalAddresses: number;
  listType: string;
  organizationName: string;
}

export function dncListView(list: DncListRecord, totalAddresses: number): PomDncList {
  return {
    DNCListId: list.id,
    DNCListName: list.name,
    lastUpdated: new Date(list.lastUpdated).toISOString(),
    totalAddresses,
    listType: list.listType,
    organizationName: list.organizationName,
  };
}

export function dataSourceView(source: DataSourceRecord, listName: string): Record<string, unknown> {
  return {
    dataSourceId: source.id,
    dataSourceName: source.name,
    dataSourceType: source.type,
    contactListId: source.contactListId,
    contactListName: listName,
    fileName: source.fileName,
    createdOn: new Date(source.createdAt).toISOString(),
  };
}

export function scheduleView(s: DataSourceScheduleRecord, sourceName: string, run: ImportRunRecord | undefined): Record<string, unknown> {
  return {
    scheduleId: s.id,
    dataSourceId: s.dataSourceId,
    dataSourceName: sourceName,
    startTime: new Date(s.startAt).toISOString(),
    timeZone: s.timeZone,
    state: s.state,
    error: s.error,
    importRunId: s.importRunId,
    ...(run ? { rowsRead: run.rowsRead, rowsAccepted: run.rowsAccepted, rowsRejected: run.rowsRejected } : {}),
  };
}

export function campaignView(c: CampaignRecord): Record<string, unknown> {
  return {
    campaignId: c.id,
    campaignName: c.name,
    campaignType: c.type,
    contactListId: c.contactListId,
    organizationName: c.organizationName,
    teamName: c.teamName,
  };
}

export function jobView(job: JobRecord | undefined, liveState: string | undefined): Record<string, unknown> {
  if (!job) return { jobId: null, jobState: 'none', startTime: null, endTime: null };
  return { jobId: job.id, jobState: liveState ?? job.state, startTime: iso(job.startedAt), endTime: iso(job.endedAt) };
}
