/** A link to a file of the API: clicked, it is fetched with the session's token and saved. */
import type { ComponentChildren } from 'preact';
import { download } from '../api.ts';
import { useAction } from './common.tsx';

export function DownloadLink({ path, fileName, children }: { path: string; fileName: string; children: ComponentChildren }) {
  const { busy, error, setError, run } = useAction();
  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setError('');
    await run(() => download(path, fileName));
  };
  return (
    <>
      <a href={`/api/v1${path}`} download={fileName} onClick={(e) => void save(e)} aria-busy={busy || undefined}>{children}</a>
      {error && <span role="alert" class="error small">{error}</span>}
    </>
  );
}
