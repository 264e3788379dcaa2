/** The devices (extensions) TMAC clients monitor, each under one monitor handle. */
export class DeviceMonitors {
  private readonly extensionByHandle = new Map<number, string>();
  private readonly handleByExtension = new Map<string, number>();
  private nextHandle = 1;

  /** Monitors the extension; one already monitored keeps its handle. */
  monitor(extension: string): void {
    if (this.handleByExtension.has(extension)) return;
    const handle = this.nextHandle++;
    this.extensionByHandle.set(handle, extension);
    this.handleByExtension.set(extension, handle);
  }

  /** Ends a monitor: the extension it had, '' for a handle no longer monitored. */
  unmonitor(handle: number): string {
    const extension = this.extensionByHandle.get(handle) ?? '';
    this.extensionByHandle.delete(handle);
    if (extension !== '') this.handleByExtension.delete(extension);
    return extension;
  }

  /** The extension's monitor handle, '0' when it is not monitored. */
  handleOf(extension: string): string {
    return String(this.handleByExtension.get(extension) ?? 0);
  }
}
