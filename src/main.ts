import { Command, Option } from 'commander';
import { loadConfig, type ConfigSources } from './config.ts';
import { NailupError } from './errors.ts';
import { startNailup } from './app.ts';
import { openDatabase } from './store/open-store.ts';
import { migrateToLatest } from './store/migrate.ts';
import { runImportCommand } from './imports/import-command.ts';

const program = new Command('nailup').description('Open outbound contact center: dialer, CTI server, agent desktop, supervisor tools');

const common = (command: Command): Command =>
  command
    .option('--config <file>', 'JSON config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .addOption(new Option('--port <port>', 'HTTP port').argParser((v) => Number(v)))
    .option('--host <host>', 'HTTP address to listen on');

function sourcesOf(opts: Record<string, unknown>, extra: Record<string, unknown> = {}): ConfigSources {
  return {
    ...(typeof opts.config === 'string' ? { file: opts.config } : {}),
    env: process.env,
    flags: { database: opts.database, port: opts.port, host: opts.host, ...extra },
  };
}

common(program.command('start'))
  .description('run every role in one process')
  .option('--demo', 'seed the demo data, start its campaigns and simulated agents')
  .action(async (opts: Record<string, unknown>) => {
    const config = loadConfig(sourcesOf(opts, opts.demo ? { 'demo.enabled': true } : {}));
    const nailup = await startNailup(config);
    console.log(`nailup is running (database: ${config.database})`);
    console.log(`  Agent desktop:   ${nailup.url}/agent/`);
    console.log(`  Supervisor:      ${nailup.url}/supervisor/`);
    console.log(`  Floor status:    ${nailup.url}/floor`);
    console.log(`  CTI links:       ${nailup.url}/cti/v1/commands/{Command} (A3), ${nailup.url}/cti/v1/events (A4)`);
    if (nailup.demo) console.log(`  Demo: campaigns DemoPreview and DemoPredictive running, ${nailup.demo.bots.length} simulated agents; agents 1001-1020 log in with password "demo"`);
    const stop = (): void => {
      console.log('stopping…');
      nailup.close().then(() => process.exit(0), (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

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

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof NailupError ? `nailup: ${error.message}` : error);
  process.exit(1);
});
