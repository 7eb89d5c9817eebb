/** A sleep that a notification (or an abort, through `fire`) ends early; a notice that comes while nobody waits is not lost. */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  fire(): void {
    this.pending = true;
    this.resolve?.();
  }

  clear(): void {
    this.pending = false;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolve = done;
    });
  }
}
