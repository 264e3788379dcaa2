import { useEffect, useRef } from 'preact/hooks';

/** The desktop's keyboard shortcuts (Alt + letter), shown in tooltips and in the help line. */
export const SHORTCUTS = {
  ready: { code: 'KeyR', keys: 'Alt+R', label: 'Ready' },
  notReady: { code: 'KeyN', keys: 'Alt+N', label: 'Not Ready' },
  dial: { code: 'KeyD', keys: 'Alt+D', label: 'Dial' },
  cancel: { code: 'KeyC', keys: 'Alt+C', label: 'Cancel preview' },
  hold: { code: 'KeyH', keys: 'Alt+H', label: 'Hold / Unhold' },
  disconnect: { code: 'KeyX', keys: 'Alt+X', label: 'Disconnect' },
  complete: { code: 'KeyW', keys: 'Alt+W', label: 'Complete wrap-up' },
  moreTime: { code: 'KeyM', keys: 'Alt+M', label: 'More wrap-up time' },
  redial: { code: 'KeyA', keys: 'Alt+A', label: 'Redial' },
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;

const handlers = new Map<string, () => void>();
const codes = new Set<string>(Object.values(SHORTCUTS).map((s) => s.code));

/** Binds a shortcut while the component is mounted and `handler` is not null (the action is available). */
export function useShortcut(name: ShortcutName, handler: (() => void) | null): void {
  const latest = useRef(handler);
  latest.current = handler;
  const active = handler !== null;
  useEffect(() => {
    if (!active) return;
    const code = SHORTCUTS[name].code;
    const run = (): void => latest.current?.();
    handlers.set(code, run);
    return () => {
      if (handlers.get(code) === run) handlers.delete(code);
    };
  }, [name, active]);
}

/** Installs the one key listener; the desktop's keys never reach the browser's own Alt shortcuts. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !codes.has(e.code)) return;
    e.preventDefault();
    if (!e.repeat) handlers.get(e.code)?.();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

/** "Ready (Alt+R)": the tooltip of a button with a shortcut. */
export const tip = (name: ShortcutName, text?: string): string => `${text ?? SHORTCUTS[name].label} (${SHORTCUTS[name].keys})`;
