/** A link to a file of the API: clicked, it is fetched with the session's token and saved. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { download, errorText } from '../api.ts';

export function DownloadLink({ path, fileName, children }: { path: string; fileName: string; children: ComponentChildren }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await download(path, fileName);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <a href={`/api/v1${path}`} download={fileName} onClick={(e) => void save(e)} aria-busy={busy || undefined}>{children}</a>
      {error && <span role="alert" class="error small">{error}</span>}
    </>
  );
}
