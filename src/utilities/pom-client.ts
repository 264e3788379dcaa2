/**
 * A client of POM's web services (protocol.md §6): the utilities reach the dialer only through it,
 * over HTTP, at a configurable base URL (this nailup's own /pom/v1 by default) with HTTP Basic auth.
 */
import type { PomContact, PomContactList, PomDncList } from '../pom-rest/views.ts';

export interface PomClientOptions {
  /** Read at each call: the default (this nailup) is known only once its server listens. */
  baseUrl: () => string;
  username: string;
  password: string;
  timeoutMs: number;
}

/** POM's error `{displayMessage, errorMessage, errorCode}` and whatever else its reply carried. */
export class PomCallFailed extends Error {
  constructor(
    readonly status: number,
    readonly displayMessage: string,
    readonly errorMessage: string,
    readonly errorCode: string,
    readonly body: Record<string, unknown>,
  ) {
    super(errorMessage);
    this.name = 'PomCallFailed';
  }

  get errorInfo(): ErrorInfo {
    return { displayMessage: this.displayMessage, errorMessage: this.errorMessage, errorCode: this.errorCode };
  }
}

/** The spec's ErrorInfo. */
export interface ErrorInfo {
  displayMessage: string;
  errorMessage: string;
  errorCode: string;
}

export interface ContactPageRequest {
  pageSize: number;
  pageNumber: number;
  /** The filtered list (isRawList false); the raw list without it. */
  search?: { searchBy: string; searchOperator: string; searchValue: readonly string[] };
  sortBy?: string;
  sortDirection?: 'ASC' | 'DESC';
}

export interface ContactBatchList {
  contactBatch: PomContact[];
  totalPage: number;
  totalContacts?: number;
}

export interface PomDataSource {
  dataSourceId: number;
  dataSourceName: string;
  dataSourceType: string;
  contactListId: number;
  contactListName: string;
  fileName: string;
}

export interface PomSchedule {
  scheduleId: number;
  dataSourceName: string;
  startTime: string;
  timeZone: string;
  state: string;
  error: string | null;
  importRunId: number | null;
}

export interface PomCampaign {
  campaignId: number;
  campaignName: string;
  campaignType: string;
  contactListId: number;
  organizationName: string;
  teamName: string;
}

export interface PomJob {
  isQueued?: boolean;
  campaignId: number;
  campaignName: string;
  jobId: number | null;
  jobState: string;
  startTime: string | null;
  endTime: string | null;
  [more: string]: unknown;
}

export class PomRestClient {
  constructor(private readonly options: PomClientOptions) {}

  getContactLists(organizationName: string): Promise<PomContactList[]> {
    return this.call('GET', `/contactlists?searchBy=organizationName&searchOperator=like&searchValue=${encodeURIComponent(organizationName)}`);
  }

  getContactList(contactListId: number): Promise<PomContactList> {
    return this.call('GET', `/contactlists/${contactListId}`);
  }

  createContactList(body: { contactListName: string; organizationName: string; zoneName?: string }): Promise<PomContactList> {
    return this.call('POST', '/contactlists', body);
  }

  getContacts(contactListId: number, page: ContactPageRequest): Promise<ContactBatchList> {
    const q = new URLSearchParams();
    if (page.search) {
      q.set('searchBy', page.search.searchBy);
      q.set('searchOperator', page.search.searchOperator);
      for (const v of page.search.searchValue) q.append('searchValue', v);
    }
    if (page.sortBy) q.set('sortBy', page.sortBy);
    if (page.sortDirection) q.set('sortDirection', page.sortDirection);
    q.set('pageSize', String(page.pageSize));
    q.set('pageNumber', String(page.pageNumber));
    return this.call('GET', `/contactlists/${contactListId}/contacts/list?${q.toString()}`);
  }

  deleteContact(contactListId: number, userContactId: string): Promise<{ isDeleted: boolean; failedUserContactIds: string[] }> {
    return this.call('DELETE', `/contactlists/${contactListId}/contacts/${encodeURIComponent(userContactId)}/delete`);
  }

  markUncallable(contactListId: number, userContactIds: readonly string[]): Promise<{ result: boolean; failedContactIdList: string[] | null; marked: number }> {
    return this.call('POST', `/contactlists/${contactListId}/contacts/markuncallable`, { userContactIds });
  }

  getDncLists(): Promise<PomDncList[]> {
    return this.call('GET', '/dnclists');
  }

  createDncList(body: { DNCListName: string; listType?: string; organizationName?: string }): Promise<PomDncList> {
    return this.call('POST', '/dnclists', body);
  }

  addDncAddresses(dncListId: number, addresses: readonly string[]): Promise<{ result: boolean; added: number; alreadyListed: number }> {
    return this.call('POST', `/dnclists/${dncListId}/addresses`, { addresses });
  }

  removeDncAddresses(dncListId: number, addresses: readonly string[]): Promise<{ result: boolean; removed: number; notListed: number }> {
    return this.call('POST', `/dnclists/${dncListId}/addresses/remove`, { addresses });
  }

  getDataSources(contactListId?: number): Promise<PomDataSource[]> {
    return this.call('GET', `/datasources${contactListId === undefined ? '' : `?contactListId=${contactListId}`}`);
  }

  createDataSource(body: { dataSourceName: string; dataSourceType: string; contactListId: number; fileName: string }): Promise<PomDataSource> {
    return this.call('POST', '/datasources', body);
  }

  scheduleRunOnce(body: { dataSourceName: string; startTime: string; timeZone: string }): Promise<PomSchedule> {
    return this.call('POST', '/datasources/schedule/runonce', body);
  }

  getSchedule(scheduleId: number): Promise<PomSchedule> {
    return this.call('GET', `/datasources/schedule/${scheduleId}`);
  }

  getCampaigns(): Promise<PomCampaign[]> {
    return this.call('GET', '/campaigns');
  }

  jobAction(campaignId: number, action: 'start' | 'stop' | 'pause' | 'resume'): Promise<PomJob> {
    return this.call('POST', `/campaigns/${campaignId}/job/${action}`);
  }

  jobStatus(campaignId: number): Promise<PomJob> {
    return this.call('GET', `/campaigns/${campaignId}/job/status`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const base = this.options.baseUrl();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.password !== '') {
      headers.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    }
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new PomCallFailed(0, 'POM cannot be reached', `${method} ${base}${path}: ${reason}`, 'POM_UNREACHABLE', {});
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new PomCallFailed(response.status, 'POM answered something that is not JSON', `${method} ${path}: ${text.slice(0, 200)}`, 'POM_BAD_REPLY', {});
    }
    if (!response.ok) {
      const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      throw new PomCallFailed(
        response.status,
        typeof b.displayMessage === 'string' ? b.displayMessage : `POM answered ${response.status}`,
        typeof b.errorMessage === 'string' ? b.errorMessage : `${method} ${path}: HTTP ${response.status}`,
        typeof b.errorCode === 'string' ? b.errorCode : `HTTP_${response.status}`,
        b,
      );
    }
    return parsed as T;
  }
}
