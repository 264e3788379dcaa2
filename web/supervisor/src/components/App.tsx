/**
 * The supervisor pages: login, then a page per utility chosen in the navigation (the URL's hash,
 * `#page` or `#page/param`). Users and the audit log are for administrators: only they see them in
 * the navigation, and anyone else opening them is told so. Teams, agents, completion codes, campaigns
 * and inbound queues are read by supervisors and changed by administrators.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, hasToken, setToken, whenUnauthorized, type Session } from '../api.ts';
import { Login } from './Login.tsx';
import { ContactLists } from './ContactLists.tsx';
import { Purge } from './Purge.tsx';
import { DncUpload } from './DncUpload.tsx';
import { ImportContacts } from './ImportContacts.tsx';
import { ManualUpload } from './ManualUpload.tsx';
import { Campaigns } from './Campaigns.tsx';
import { Teams } from './Teams.tsx';
import { Agents } from './Agents.tsx';
import { CompletionCodes } from './CompletionCodes.tsx';
import { Queues } from './Queues.tsx';
import { Callbacks } from './Callbacks.tsx';
import { Reports } from './Reports.tsx';
import { Users } from './Users.tsx';
import { AuditLog } from './AuditLog.tsx';
import { SessionTimer } from './SessionTimer.tsx';

type User = Omit<Session, 'token'>;

export interface PageProps {
  /** What follows the page in the hash (`#import/12`: "12"). */
  param?: string | undefined;
  session: User;
}

interface PageEntry {
  id: string;
  title: string;
  Page: FunctionComponent<PageProps>;
  administrators?: true;
}

const PAGES: readonly PageEntry[] = [
  { id: 'lists', title: 'Contact lists', Page: ContactLists },
  { id: 'purge', title: 'Purge', Page: Purge },
  { id: 'dnc', title: 'DNC upload', Page: DncUpload },
  { id: 'import', title: 'Import contacts', Page: ImportContacts },
  { id: 'upload', title: 'Manual upload', Page: ManualUpload },
  { id: 'campaigns', title: 'Campaigns', Page: Campaigns },
  { id: 'teams', title: 'Teams', Page: Teams },
  { id: 'agents', title: 'Agents', Page: Agents },
  { id: 'codes', title: 'Completion codes', Page: CompletionCodes },
  { id: 'queues', title: 'Queues', Page: Queues },
  { id: 'callbacks', title: 'Callbacks', Page: Callbacks },
  { id: 'reports', title: 'Reports', Page: Reports },
  { id: 'users', title: 'Users', Page: Users, administrators: true },
  { id: 'audit', title: 'Audit log', Page: AuditLog, administrators: true },
];

function route(): { page: string; param: string | undefined } {
  const [id = '', ...rest] = location.hash.replace(/^#/, '').split('/');
  const page = PAGES.some((p) => p.id === id) ? id : 'lists';
  return { page, param: rest.length ? decodeURIComponent(rest.join('/')) : undefined };
}

export function App() {
  const [session, setSession] = useState<User | null>(null);
  /** Why the login page shows: the session ended (expired, or its user was disabled). */
  const [ended, setEnded] = useState(false);
  const [checking, setChecking] = useState(hasToken());
  const [{ page, param }, setRoute] = useState(route);

  useEffect(() => {
    whenUnauthorized(() => {
      setSession(null);
      setEnded(true);
    });
    const onHash = () => setRoute(route());
    addEventListener('hashchange', onHash);
    if (hasToken()) {
      call<User>('GET', '/auth/me')
        .then((me) => setSession(me), () => setSession(null))
        .finally(() => setChecking(false));
    }
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (checking) return <p class="loading">Loading…</p>;
  if (!session) return <Login notice={ended ? 'Your session has ended. Log in again.' : ''} onLogin={(s) => { setEnded(false); setSession(s); }} />;

  const logout = () => {
    void call('POST', '/auth/logout').catch(() => {});
    setToken(null);
    setSession(null);
  };
  const administrator = session.role === 'administrator';
  const visible = PAGES.filter((p) => administrator || !p.administrators);
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0]!;
  const { Page } = current;
  return (
    <div class="shell">
      <header class="top">
        <h1>Supervisor</h1>
        <nav aria-label="Pages">
          <ul>
            {visible.map((p) => (
              <li key={p.id}>
                <a href={`#${p.id}`} aria-current={p.id === current.id ? 'page' : undefined}>{p.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          {/* The floor page reads the status with this tab's login. */}
          <a href="/floor" class="floor-link">Floor status</a>
          <span>{session.name || session.username} <small>({session.role})</small></span>
          <button type="button" class="secondary" onClick={logout}>Log out</button>
        </div>
      </header>
      <SessionTimer />
      <main>
        <h2>{current.title}</h2>
        {current.administrators && !administrator
          ? <p role="alert" class="error">{current.title} is for administrators only. You are logged in as {session.username}, a {session.role}.</p>
          : <Page key={current.id} param={param} session={session} />}
      </main>
    </div>
  );
}
