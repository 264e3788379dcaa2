/** The supervisor utilities' settings (config key `utilities`; protocol.md §6). */
export interface SftpDropOptions {
  /** Empty: no SFTP drop; ManualCheckerUpload is refused. */
  host: string;
  port: number;
  username: string;
  /** Password, or a private key file (PEM / OpenSSH); one of the two when a host is set. */
  password: string;
  privateKeyFile: string;
  /** The folder on the server that data source files are read from. */
  folder: string;
  /** SHA-256 of the server's host key (base64, as `ssh-keygen -l` prints it without `SHA256:`); empty accepts any. */
  hostKeySha256: string;
  timeoutMs: number;
}

export interface UtilitiesOptions {
  /**
   * POM's web services. `baseUrl` empty: this nailup's own /pom/v1. The /pom/v1 routes take HTTP
   * Basic auth with `username` / `password` when a password is set, and only loopback clients when not.
   */
  pom: { baseUrl: string; username: string; password: string; timeoutMs: number };
  /** The organization whose contact lists and DNC list the utilities work on. */
  organizationName: string;
  /** GetAllContactLists(onlyManualContacts): the lists whose name contains this text. */
  contactListFilter: string;
  /** The purge attribute that purges directly (the spec's DirectPurge key). */
  directPurge: string;
  /** Tries per contact while "the attempt is in progress", and the pause between them. */
  purgeRetries: number;
  purgeRetryDelayMs: number;
  /** Page size of the utilities' contact list reads. */
  pageSize: number;
  /** Time zone of a run-once schedule, and of imported numbers whose zone cannot be told. */
  timeZone: string;
  /** Region of numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion: string;
  /** A run-once import starts this long after it is scheduled (the spec: now + 5 minutes). */
  runOnceDelayMinutes: number;
  sftp: SftpDropOptions;
  /** Supervisor and administrator sessions of the /api/v1 API: how long one lasts from its login or its last extension. */
  sessionHours: number;
  /** The supervisor pages offer to extend the session this long before it ends. */
  sessionWarningMinutes: number;
  /** Where scheduled report exports write their files. */
  exportFolder: string;
}

export const DEFAULT_UTILITIES_OPTIONS: UtilitiesOptions = {
  pom: { baseUrl: '', username: 'pom', password: '', timeoutMs: 30_000 },
  organizationName: 'Demo',
  contactListFilter: '',
  directPurge: 'userContactId',
  purgeRetries: 5,
  purgeRetryDelayMs: 1000,
  pageSize: 1000,
  timeZone: 'America/New_York',
  defaultRegion: 'US',
  runOnceDelayMinutes: 5,
  sftp: { host: '', port: 22, username: '', password: '', privateKeyFile: '', folder: '/upload', hostKeySha256: '', timeoutMs: 10_000 },
  sessionHours: 8,
  sessionWarningMinutes: 5,
  exportFolder: 'data/exports',
};
