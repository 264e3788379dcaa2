import type { TmacEvent } from './tmac-events.ts';

export type EventListener = (event: TmacEvent) => void;

/** Fans A4 events out to subscribers: all events, or one extension's. Delivery is synchronous, so order holds. */
export class EventHub {
  private readonly all = new Set<EventListener>();
  private readonly byExtension = new Map<string, Set<EventListener>>();

  subscribe(listener: EventListener, extension?: string): () => void {
    if (extension === undefined) {
      this.all.add(listener);
      return () => this.all.delete(listener);
    }
    let set = this.byExtension.get(extension);
    if (!set) this.byExtension.set(extension, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byExtension.delete(extension);
    };
  }

  publish(event: TmacEvent): void {
    for (const listener of this.all) listener(event);
    const set = this.byExtension.get(event.extension);
    if (set) for (const listener of set) listener(event);
  }
}
