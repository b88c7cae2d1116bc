/**
 * A command's timeout and its run's abort, armed together for both kinds of command handle (a session of
 * its own, `RemoteCommand`, and a task of a step shell, `StepTask`).
 */

/** What a command handle is told when its time is up or its run is aborted. */
export interface DeadlineHandlers {
  /** The command ran `afterMs` (its `timeoutMs`) without ending. */
  onTimeout(afterMs: number): void;
  /** The run's signal aborted (already aborted when armed: called on a microtask, not at once). */
  onAbort(): void;
}

/**
 * Arms the optional timeout timer and the optional AbortSignal listener. Returns the disarm to call when
 * the command ends: it clears the timer and removes the listener (a run's signal outlives thousands of
 * commands).
 */
export function armDeadline(
  options: { timeoutMs?: number; signal?: AbortSignal },
  handlers: DeadlineHandlers,
): () => void {
  const { timeoutMs, signal } = options;
  const timer = timeoutMs ? setTimeout(() => handlers.onTimeout(timeoutMs), timeoutMs) : undefined;
  const onAbort = () => handlers.onAbort();
  if (signal?.aborted) queueMicrotask(onAbort);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}
