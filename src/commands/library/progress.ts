/**
 * Shows progress by editing one message, at most once per `intervalMs` (Discord rate-limits edits of an
 * interaction's reply, and nobody reads faster), one edit at a time, and none once `stop` is called, so a
 * late progress edit can never overwrite the final answer. An update inside the interval is dropped: the
 * next one says more.
 */
export function throttledProgress(
  show: (text: string) => Promise<unknown>,
  options: { intervalMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
): { update(text: string): void; stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1500;
  const now = options.now ?? Date.now;
  let shownAt = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    update(text) {
      if (stopped || now() - shownAt < intervalMs) return;
      shownAt = now();
      chain = chain.then(async () => {
        if (stopped) return;
        try {
          await show(text);
        } catch (error) {
          // A progress edit that fails costs nothing: the final answer is sent regardless.
          options.onError?.(error);
        }
      });
    },
    async stop() {
      stopped = true;
      await chain;
    },
  };
}
