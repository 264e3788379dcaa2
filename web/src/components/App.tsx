import { useAppState } from '../store.ts';
import { Desk } from './Desk.tsx';
import { Login } from './Login.tsx';

export function App() {
  const app = useAppState();
  if (app.screen === 'desk' && app.desk && app.config) return <Desk app={app} desk={app.desk} config={app.config} />;
  if (app.screen === 'resuming') {
    return (
      <main class="splash" aria-busy="true">
        <h1>Agent desktop</h1>
        <p role="status">{app.loginNotice ? `Reconnecting… ${app.loginNotice}` : 'Resuming your session…'}</p>
      </main>
    );
  }
  return <Login app={app} />;
}
