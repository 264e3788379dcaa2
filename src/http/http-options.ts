/** The HTTP server's transport and origin settings (config section `http`; docs/security.md, "Transport and origin"). */
export interface HttpOptions {
  /** PEM certificate chain file: with `tlsKey`, everything is served over HTTPS (and the sockets over WSS). '' = plain HTTP. */
  tlsCert: string;
  /** PEM private key file of `tlsCert`. */
  tlsKey: string;
  /**
   * The names clients may reach this server by (the `Host` header): `name` (any port) or `name:port`;
   * IPv6 as `[::1]:8080`. Empty: the configured host (or, listening on every interface, the machine's
   * hostname), `localhost`, `127.0.0.1` and `[::1]`, each with the port.
   */
  allowedHosts: string[];
  /** Origins whose pages may open the WebSockets (`https://name[:port]`). Empty: http and https on every allowed host. */
  allowedOrigins: string[];
  /** `/api/v1/status` (the floor page's data) and `/metrics` without a supervisor login. */
  publicStatus: boolean;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  tlsCert: '',
  tlsKey: '',
  allowedHosts: [],
  allowedOrigins: [],
  publicStatus: false,
};
