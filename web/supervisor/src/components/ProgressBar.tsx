/** A progress bar: determinate (aria-valuenow, 0-100) when the share done is known, else indeterminate. */
export function ProgressBar({ label, percent, text }: { label: string; percent: number | null; text: string }) {
  const value = percent === null ? null : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div class={`progress${value === null ? ' indeterminate' : ''}`} role="progressbar" aria-label={label}
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={value ?? undefined} aria-valuetext={text}>
      <div class="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}
