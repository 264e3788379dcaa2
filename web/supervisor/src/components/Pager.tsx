/** Previous / next page buttons with where the list stands. */
export function Pager({ label, status, previous, next, previousText = 'Previous', nextText = 'Next' }: {
  label: string; status: string; previous: (() => void) | null; next: (() => void) | null; previousText?: string; nextText?: string;
}) {
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="secondary" disabled={!previous} onClick={() => previous?.()}>{previousText}</button>
      <span aria-live="polite">{status}</span>
      <button type="button" class="secondary" disabled={!next} onClick={() => next?.()}>{nextText}</button>
    </nav>
  );
}
