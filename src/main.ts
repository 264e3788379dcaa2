import { Command, Option } from 'commander';
import { loadConfig, ROLES, type ConfigSources, type NailupConfig } from './config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { startGateway } from './cluster/gateway.ts';
import { startDialerRole } from './cluster/dialer-role.ts';
import { NailupError } from './errors.ts';
import { startNailup } from './app.ts';
import { openDatabase, openStore } from './store/open-store.ts';
import { migrateToLatest } from './store/migrate.ts';
import { runImportCommand } from './imports/import-command.ts';
import { SupervisorAuth } from './auth/supervisor-auth.ts';
import { AuditLog } from './audit/audit-log.ts';
import { RealClock } from './clock/real-clock.ts';

const program = new Command('nailup').description('Open outbound contact center: dialer, CTI server, agent desktop, supervisor tools');

const common = (command: Command): Command =>
  command
    .option('--config <file>', 'JSON config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .addOption(new Option('--port <port>', 'HTTP port').argParser((v) => Number(v)))
    .option('--host <host>', 'HTTP address to listen on')
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent');

function sourcesOf(opts: Record<string, unknown>, extra: Record<string, unknown> = {}): ConfigSources {
  return {
    ...(typeof opts.config === 'string' ? { file: opts.config } : {}),
    env: process.env,
    flags: { database: opts.database, port: opts.port, host: opts.host, logLevel: opts.logLevel, ...extra },
  };
}

common(program.command('start'))
  .description('run nailup: every role in one process (the default), or one role of a cluster (docs/operations.md)')
  .addOption(new Option('--role <role>', 'all (embedded, one process), dialer (leads or stands by; PostgreSQL) or gateway (HTTP edge)').choices([...ROLES]))
  .option('--nats <url>', 'the NATS server(s) of the cluster (cluster.natsUrl)')
  .option('--instance <name>', 'this process in logs, metrics and the lease (cluster.instance)')
  .option('--demo', 'seed the demo data, start its campaigns and simulated agents')
  .option('--tls-cert <file>', 'PEM certificate (chain): serve HTTPS and WSS (http.tlsCert; with --tls-key)')
  .option('--tls-key <file>', 'PEM private key of --tls-cert (http.tlsKey)')
  .action(async (opts: Record<string, unknown>) => {
    const config = loadConfig(sourcesOf(opts, {
      ...(opts.demo ? { 'demo.enabled': true } : {}), 'http.tlsCert': opts.tlsCert, 'http.tlsKey': opts.tlsKey,
      'cluster.role': opts.role, 'cluster.natsUrl': opts.nats, 'cluster.instance': opts.instance,
    }));
    const role = config.cluster.role;
    const logger = createLogger(config.logLevel, role);
    let close: () => Promise<void>;
    try {
      close = await startRole(config, logger);
    } catch (error) {
      // Into the log as well as onto the console: an operator reading the logs sees why it stopped.
      logger.fatal({ err: error }, `nailup did not start: ${String(stoppedBy(error)).replace(/^nailup: /, '')}`);
      throw error;
    }
    const stop = (): void => {
      console.log('stopping…');
      close().then(() => process.exit(0), (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

/** Starts this process's role and says so on the console; resolves with how to stop it. */
async function startRole(config: NailupConfig, logger: Logger): Promise<() => Promise<void>> {
  const role = config.cluster.role;
  if (role === 'gateway') {
    const gateway = await startGateway(config, logger);
    console.log(`nailup gateway ${gateway.instance} is running (NATS: ${config.cluster.natsUrl})`);
    printUrls(gateway.url);
    return () => gateway.close();
  }
  if (role === 'dialer') {
    const dialer = await startDialerRole(config, { logger });
    console.log(`nailup dialer ${dialer.instance} is running (database: ${redactUrl(config.database)}, NATS: ${config.cluster.natsUrl}); it leads or stands by`);
    return () => dialer.close();
  }
  const nailup = await startNailup(config, { logger });
  console.log(`nailup is running (database: ${config.database})`);
  printUrls(nailup.url);
  if (nailup.demo) console.log(`  Demo: campaigns DemoPreview and DemoPredictive running, ${nailup.demo.bots.length} simulated agents; agents 1001-1020 log in with password "demo"`);
  return () => nailup.close();
}

function printUrls(url: string): void {
  console.log(`  Agent desktop:   ${url}/agent/`);
  console.log(`  Supervisor:      ${url}/supervisor/`);
  console.log(`  Floor status:    ${url}/floor`);
  console.log(`  CTI links:       ${url}/cti/v1/commands/{Command} (A3), ${url}/cti/v1/events (A4)`);
}

/** A database URL without its password, for the console. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

program.command('migrate')
  .description('create or upgrade the database schema')
  .option('--config <file>', 'JSON config file')
  .option('--database <url>', 'SQLite file path or postgres:// URL')
  .action(async (opts: Record<string, unknown>) => {
    const config = loadConfig(sourcesOf(opts));
    const { db } = await openDatabase(config.database);
    try {
      await migrateToLatest(db);
      console.log(`database ${config.database} is up to date`);
    } finally {
      await db.destroy();
    }
  });

program.command('add-user')
  .description('create a supervisor or administrator (the first administrator of a floor without demo data); the password is read from NAILUP_PASSWORD or standard input')
  .argument('<username>', 'the login name')
  .option('--role <role>', 'supervisor or administrator', 'administrator')
  .option('--name <name>', 'the name the pages show')
  .option('--config <file>', 'JSON config file')
  .option('--database <url>', 'SQLite file path or postgres:// URL')
  .action(async (username: string, opts: Record<string, unknown>) => {
    const config = loadConfig(sourcesOf(opts));
    const password = process.env.NAILUP_PASSWORD ?? (await readStdin()).replace(/\r?\n$/, '');
    const store = await openStore(config.database);
    try {
      const auth = new SupervisorAuth(store, new RealClock(), { sessionHours: config.utilities.sessionHours, sessionWarningMinutes: config.utilities.sessionWarningMinutes });
      const user = await auth.createUser({ username, role: opts.role, password, ...(typeof opts.name === 'string' ? { name: opts.name } : {}) });
      await new AuditLog(store, new RealClock()).record({ username: `cli:${process.env.USER ?? 'unknown'}`, role: 'administrator' }, { action: 'CreateUser', target: user.username, outcome: 'ok', details: { role: user.role } });
      console.log(`${user.role} ${user.username} created`);
    } finally {
      await store.close();
    }
  });

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new NailupError('VALIDATION_FAILED', 'password: set NAILUP_PASSWORD or pipe the password to standard input', 'password');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

program.command('import')
  .description('import a CSV file of contacts or DNC addresses into a list, or of agents, all or nothing, with a report of the rejected rows')
  .argument('<kind>', 'contacts, dnc or agents')
  .argument('<file>', 'the CSV file')
  .option('--list <name>', 'contacts and dnc: the contact list or DNC list')
  .option('--scrub', 'contacts: reject rows with a number on a DNC list of the list\'s organization')
  .option('--report <file>', 'write the rejected rows to this CSV file')
  .option('--config <file>', 'JSON config file')
  .option('--database <url>', 'SQLite file path or postgres:// URL')
  .action(async (kind: string, file: string, opts: Record<string, unknown>) => {
    const config = loadConfig(sourcesOf(opts));
    process.exitCode = await runImportCommand({
      config, kind, file, ...(typeof opts.list === 'string' ? { list: opts.list } : {}), scrub: opts.scrub === true, ...(typeof opts.report === 'string' ? { report: opts.report } : {}),
    });
  });

/** What the console says of an error that stops a command: its message when nailup knows the cause. */
function stoppedBy(error: unknown): unknown {
  if (error instanceof NailupError) return `nailup: ${error.message}`;
  const { code, address, port } = error as { code?: unknown; address?: unknown; port?: unknown };
  if (code === 'EADDRINUSE') return `nailup: ${String(address)}:${String(port)} is in use (is nailup already running?): stop that process, or start on another port with --port or NAILUP_PORT`;
  return error;
}

program.parseAsync().catch((error: unknown) => {
  console.error(stoppedBy(error));
  process.exit(1);
});
