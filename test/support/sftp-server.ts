/**
 * A real SFTP server for tests: ssh2's server on 127.0.0.1 and a free port, password login, serving a
 * temporary directory (open, read, write, stat, rename, remove, realpath). `close()` stops it and
 * removes the directory.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = utils.sftp;

export interface TestSftpServer {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The folder data sources read from, as the server shows it. */
  folder: string;
  /** Where that folder is on this machine. */
  localFolder: string;
  /** SFTP requests served, by type (OPEN, WRITE, STAT, …). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

/** nailup's config flags that make `server` the manual upload's drop (`password` to log in with another). */
export const sftpFlags = (server: TestSftpServer, password = server.password): Record<string, unknown> => ({
  'utilities.sftp.host': server.host, 'utilities.sftp.port': server.port, 'utilities.sftp.username': server.username,
  'utilities.sftp.password': password, 'utilities.sftp.folder': server.folder,
});

function attrsOf(s: Stats): { mode: number; uid: number; gid: number; size: number; atime: number; mtime: number } {
  return { mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) };
}

export async function startSftpServer(options: { username?: string; password?: string; folder?: string } = {}): Promise<TestSftpServer> {
  const username = options.username ?? 'dropper';
  const password = options.password ?? 'drop-secret';
  const folder = options.folder ?? '/upload';
  const root = await mkdtemp(join(tmpdir(), 'nailup-sftp-'));
  const localFolder = join(root, folder);
  mkdirSync(localFolder, { recursive: true });
  const requests = new Map<string, number>();
  const count = (type: string): void => {
    requests.set(type, (requests.get(type) ?? 0) + 1);
  };
  const local = (path: string): string | undefined => {
    const clean = normalize(`/${path}`);
    return clean.includes('..') ? undefined : join(root, clean);
  };
  const hostKey = newHostKey();
  const clients = new Set<Connection>();

  const serve = (sftp: SFTPWrapper): void => {
    const handles = new Map<number, number>();
    let next = 1;
    const handleOf = (buffer: Buffer): number | undefined => (buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined);
    const guard = (reqid: number, work: () => void): void => {
      try {
        work();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE);
      }
    };
    sftp.on('OPEN', (reqid, filename, flags) => guard(reqid, () => {
      count('OPEN');
      const path = local(filename);
      const mode = flagsToString(flags);
      if (!path || !mode) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
      const fd = openSync(path, mode);
      const id = next++;
      handles.set(id, fd);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(id, 0);
      sftp.handle(reqid, handle);
    }));
    sftp.on('READ', (reqid, handle, offset, length) => guard(reqid, () => {
      count('READ');
      const fd = handleOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, offset);
      if (read === 0) return sftp.status(reqid, STATUS_CODE.EOF);
      sftp.data(reqid, buffer.subarray(0, read));
    }));
    sftp.on('WRITE', (reqid, handle, offset, data) => guard(reqid, () => {
      count('WRITE');
      const fd = handleOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
      writeSync(fd, data, 0, data.length, offset);
      sftp.status(reqid, STATUS_CODE.OK);
    }));
    sftp.on('CLOSE', (reqid, handle) => guard(reqid, () => {
      count('CLOSE');
      const fd = handleOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
      closeSync(fd);
      handles.delete(handle.readUInt32BE(0));
      sftp.status(reqid, STATUS_CODE.OK);
    }));
    sftp.on('FSTAT', (reqid, handle) => guard(reqid, () => {
      count('FSTAT');
      const fd = handleOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
      sftp.attrs(reqid, attrsOf(fstatSync(fd)));
    }));
    const stat = (type: string) => (reqid: number, filename: string): void => guard(reqid, () => {
      count(type);
      const path = local(filename);
      if (!path) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
      sftp.attrs(reqid, attrsOf(statSync(path)));
    });
    sftp.on('STAT', stat('STAT'));
    sftp.on('LSTAT', stat('LSTAT'));
    sftp.on('SETSTAT', (reqid: number) => sftp.status(reqid, STATUS_CODE.OK));
    sftp.on('FSETSTAT', (reqid: number) => sftp.status(reqid, STATUS_CODE.OK));
    sftp.on('REMOVE', (reqid, filename) => guard(reqid, () => {
      count('REMOVE');
      const path = local(filename);
      if (!path) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
      unlinkSync(path);
      sftp.status(reqid, STATUS_CODE.OK);
    }));
    sftp.on('RENAME', (reqid, from, to) => guard(reqid, () => {
      count('RENAME');
      const a = local(from);
      const b = local(to);
      if (!a || !b) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
      renameSync(a, b);
      sftp.status(reqid, STATUS_CODE.OK);
    }));
    sftp.on('REALPATH', (reqid, path) => {
      count('REALPATH');
      const clean = normalize(`/${path}`);
      sftp.name(reqid, [{ filename: clean, longname: clean, attrs: { mode: 0o40755, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 } }]);
    });
  };

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === username && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => serve(acceptSftp()));
      });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no port'));
    });
  });
  return {
    host: '127.0.0.1', port, username, password, folder, localFolder, requests,
    async close() {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * An ed25519 host key ssh2 can read back: its generator drops leading zero bytes of the public key,
 * so about one key in 256 fails to parse (ssh2 issue #1513); such a key is simply drawn again.
 */
function newHostKey(): string {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair.private;
  }
}
