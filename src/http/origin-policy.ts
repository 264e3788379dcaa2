/**
 * Which `Host` names and which `Origin`s this server answers (docs/security.md, "Transport and origin").
 *
 * The Host allow-list defeats DNS rebinding: a page of an attacker's site whose name is made to resolve to
 * this machine sends its own name as Host, and is refused (421). The Origin allow-list keeps pages of other
 * sites from opening the WebSockets (which browsers open across origins) or posting to the API; clients that
 * are not browsers send no Origin and are not concerned.
 */
import { hostname } from 'node:os';
import type { HttpOptions } from './http-options.ts';

/** A name clients may use, with its port, or any port (`port` null). */
export interface HostEntry {
  name: string;
  port: number | null;
}

const LABEL = '[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?';
const NAME = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** `name`, `name:port`, `[v6]` or `[v6]:port` (lower-cased), or null when it is none of these. */
export function parseHost(text: string): HostEntry | null {
  const value = text.trim().toLowerCase();
  let name: string;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    name = value.slice(0, end + 1);
    const rest = value.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return null;
    portText = rest === '' ? undefined : rest.slice(1);
    if (!IPV6.test(name)) return null;
  } else {
    const colon = value.indexOf(':');
    if (colon !== value.lastIndexOf(':')) return null;
    name = colon < 0 ? value : value.slice(0, colon);
    portText = colon < 0 ? undefined : value.slice(colon + 1);
    if (!NAME.test(name)) return null;
  }
  if (portText === undefined) return { name, port: null };
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  return port >= 1 && port <= 65535 ? { name, port } : null;
}

/** An origin as browsers send it (`scheme://host[:port]`, no default port), or null when it is not an http(s) origin. */
export function normalizeOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

/** The addresses that mean "every interface". */
export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/** An address or name as it appears in a Host header: IPv6 in brackets. */
export const hostForUrl = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

/** Names that only ever mean this machine: a page cannot be rebound to them, and nailup's own calls use them. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

export class OriginPolicy {
  private constructor(
    /** Every allowed Host. */
    readonly hosts: readonly HostEntry[],
    /** The allowed origins, or null: http(s) on every allowed host. */
    readonly origins: readonly string[] | null,
    /** The port a Host header without one means. */
    private readonly defaultPort: number,
  ) {}

  /**
   * The policy of a server listening on `host`:`port`: the configured hosts (`http.allowedHosts`), the
   * listening address with the port (unless it is every interface: then, when no hosts are configured, the
   * machine's hostname with the port), and the loopback names with the port.
   */
  static create(options: Pick<HttpOptions, 'allowedHosts' | 'allowedOrigins'>, listen: { host: string; port: number; tls: boolean }): OriginPolicy {
    const hosts: HostEntry[] = [];
    const add = (entry: HostEntry): void => {
      if (!hosts.some((h) => h.name === entry.name && h.port === entry.port)) hosts.push(entry);
    };
    for (const text of options.allowedHosts) {
      const entry = parseHost(text);
      if (entry) add(entry);
    }
    if (isWildcardHost(listen.host)) {
      if (options.allowedHosts.length === 0) add({ name: hostname().toLowerCase(), port: listen.port });
    } else {
      // The address it listens on is its own name (nailup's own calls to /pom/v1 use it).
      add({ name: hostForUrl(listen.host), port: listen.port });
    }
    for (const name of LOOPBACK_NAMES) add({ name, port: listen.port });
    const origins = options.allowedOrigins.length > 0
      ? options.allowedOrigins.map((o) => normalizeOrigin(o)).filter((o): o is string => o !== null)
      : null;
    return new OriginPolicy(hosts, origins, listen.tls ? 443 : 80);
  }

  /** Whether a request's Host header names this server. */
  allowsHost(header: string | undefined): boolean {
    const host = header === undefined ? null : parseHost(header);
    if (!host) return false;
    return this.matches(host.name, host.port ?? this.defaultPort);
  }

  /** Whether a page of this Origin may use the server. */
  allowsOrigin(header: string): boolean {
    const origin = normalizeOrigin(header);
    if (origin === null) return false;
    if (this.origins) return this.origins.includes(origin);
    const url = new URL(origin);
    return this.matches(url.hostname.toLowerCase(), url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
  }

  /** The allowed hosts, for messages: `localhost:8080, 127.0.0.1:8080`. */
  describeHosts(): string {
    return this.hosts.map((h) => (h.port === null ? h.name : `${h.name}:${h.port}`)).join(', ');
  }

  private matches(name: string, port: number): boolean {
    return this.hosts.some((h) => h.name === name && (h.port === null || h.port === port));
  }
}
