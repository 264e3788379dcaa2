/** The supervisor pages: login, then a page per utility chosen in the navigation (the URL's hash). */
import { useEffect, useState } from 'preact/hooks';
import { call, hasToken, setToken, whenUnauthorized, type Session } from '../api.ts';
import { Login } from './Login.tsx';
import { ContactLists } from './ContactLists.tsx';
import { Purge } from './Purge.tsx';
import { DncUpload } from './DncUpload.tsx';
import { ManualUpload } from './ManualUpload.tsx';
import { Campaigns } from './Campaigns.tsx';

const PAGES = [
  { id: 'lists', title: 'Contact lists', Page: ContactLists },
  { id: 'purge', title: 'Purge', Page: Purge },
  { id: 'dnc', title: 'DNC upload', Page: DncUpload },
  { id: 'upload', title: 'Manual upload', Page: ManualUpload },
  { id: 'campaigns', title: 'Campaigns', Page: Campaigns },
] as const;

const pageFromHash = (): string => {
  const id = location.hash.replace(/^#/, '');
  return PAGES.some((p) => p.id === id) ? id : 'lists';
};

export function App() {
  const [session, setSession] = useState<Omit<Session, 'token'> | null>(null);
  const [checking, setChecking] = useState(hasToken());
  const [page, setPage] = useState(pageFromHash);

  useEffect(() => {
    whenUnauthorized(() => setSession(null));
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    if (hasToken()) {
      call<{ username: string; name: string; role: string }>('GET', '/auth/me')
        .then((me) => setSession(me), () => setSession(null))
        .finally(() => setChecking(false));
    }
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (checking) return <p class="loading">Loading…</p>;
  if (!session) return <Login onLogin={(s) => setSession(s)} />;

  const logout = () => {
    void call('POST', '/auth/logout').catch(() => {});
    setToken(null);
    setSession(null);
  };
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0];
  const { Page } = current;
  return (
    <div class="shell">
      <header class="top">
        <h1>Supervisor</h1>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.id}>
                <a href={`#${p.id}`} aria-current={p.id === current.id ? 'page' : undefined}>{p.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <span>{session.name || session.username} <small>({session.role})</small></span>
          <button type="button" class="secondary" onClick={logout}>Log out</button>
        </div>
      </header>
      <main>
        <h2>{current.title}</h2>
        <Page key={current.id} />
      </main>
    </div>
  );
}
