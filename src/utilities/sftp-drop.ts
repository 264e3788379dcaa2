/**
 * The SFTP drop that POM data sources read their files from: upload a file, check it is there, read
 * it back. One SSH connection per operation. Uploads go to `NAME.part` and are renamed when complete,
 * so a reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ssh2 from 'ssh2';
import type { ConnectConfig, SFTPWrapper } from 'ssh2';
import { NailupError, validationError } from '../errors.ts';
import type { SftpDropOptions } from './utilities-config.ts';

const { Client } = ssh2;

export interface RemoteFile {
  size: number;
  modifiedAt: number;
}

/** A file name in the drop folder: no folders, no dot files. */
const FILE_NAME = /^[\w][\w .\-]{0,199}$/;

export function checkFileName(fileName: string, field = 'fileName'): string {
  if (!FILE_NAME.test(fileName) || fileName.includes('..')) {
    throw validationError(field, 'must be a plain file name (letters, digits, " ", "_", "-", "."; no folders)');
  }
  return fileName;
}

export class SftpDrop {
  constructor(private readonly options: SftpDropOptions) {}

  get configured(): boolean {
    return this.options.host !== '';
  }

  /** Where the file is on the server. */
  pathOf(fileName: string): string {
    const folder = this.options.folder === '/' ? '' : this.options.folder;
    return `${folder}/${checkFileName(fileName)}`;
  }

  /** Uploads the file; resolves with its size once it is complete on the server. */
  async put(fileName: string, source: Readable | AsyncIterable<Buffer | string>): Promise<RemoteFile> {
    const path = this.pathOf(fileName);
    return this.session(async (sftp) => {
      const partial = `${path}.part`;
      let bytes = 0;
      const counted = Readable.from((async function* () {
        for await (const chunk of source) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          bytes += buffer.length;
          yield buffer;
        }
      })());
      await pipeline(counted, sftp.createWriteStream(partial));
      await call<void>((done) => sftp.unlink(path, (error) => done(error && (error as { code?: number }).code !== 2 ? error : undefined)));
      await call<void>((done) => sftp.rename(partial, path, (error) => done(error ?? undefined)));
      const stats = await call<RemoteFile>((done) => sftp.stat(path, (error, s) => done(error ?? undefined, s && { size: s.size, modifiedAt: s.mtime * 1000 })));
      if (stats.size !== bytes) throw new NailupError('UPSTREAM_FAILED', `the SFTP drop has ${stats.size} bytes of ${fileName}, ${bytes} were sent`);
      return stats;
    });
  }

  /** The file's size and time, or undefined if the drop does not have it. */
  async stat(fileName: string): Promise<RemoteFile | undefined> {
    const path = this.pathOf(fileName);
    return this.session((sftp) => call<RemoteFile | undefined>((done) => sftp.stat(path, (error, s) => {
      if (error && (error as { code?: number }).code === 2) return done(undefined, undefined);
      done(error ?? undefined, s && { size: s.size, modifiedAt: s.mtime * 1000 });
    })));
  }

  /** Streams the file, with its size (a reader's progress), to `consume`; the connection closes when it returns. */
  async read<T>(fileName: string, consume: (stream: AsyncIterable<Buffer>, file: RemoteFile) => Promise<T>): Promise<T> {
    const path = this.pathOf(fileName);
    return this.session(async (sftp) => {
      const file = await call<RemoteFile>((done) => sftp.stat(path, (error, s) => done(error ?? undefined, s && { size: s.size, modifiedAt: s.mtime * 1000 })));
      return consume(sftp.createReadStream(path), file);
    });
  }

  async remove(fileName: string): Promise<void> {
    const path = this.pathOf(fileName);
    await this.session((sftp) => call<void>((done) => sftp.unlink(path, (error) => done(error ?? undefined))));
  }

  private connectConfig(): ConnectConfig {
    const o = this.options;
    const config: ConnectConfig = { host: o.host, port: o.port, username: o.username, readyTimeout: o.timeoutMs };
    if (o.privateKeyFile !== '') {
      try {
        config.privateKey = readFileSync(o.privateKeyFile);
      } catch (error) {
        throw new NailupError('INTERNAL', `cannot read utilities.sftp.privateKeyFile ${o.privateKeyFile}: ${(error as Error).message}`);
      }
    }
    if (o.password !== '') config.password = o.password;
    if (o.hostKeySha256 !== '') {
      const expected = o.hostKeySha256.replace(/=+$/, '');
      config.hostVerifier = (key: Buffer) => createHash('sha256').update(key).digest('base64').replace(/=+$/, '') === expected;
    }
    return config;
  }

  private async session<T>(work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    if (!this.configured) throw new NailupError('CONFLICT', 'no SFTP drop is configured (utilities.sftp.host)');
    const config = this.connectConfig();
    const client = new Client();
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
        client.once('ready', () => client.sftp((error, s) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(s);
        }));
        client.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        client.connect(config);
      });
      return await work(sftp);
    } catch (error) {
      if (error instanceof NailupError) throw error;
      throw new NailupError('UPSTREAM_FAILED', `SFTP drop ${this.options.host}:${this.options.port}: ${(error as Error).message}`, undefined, { cause: error });
    } finally {
      client.end();
    }
  }
}

function call<T>(start: (done: (error: Error | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}
