/**
 * Runs tasks one after another per key (a channel, a conference), while tasks
 * under different keys run side by side. A task that fails does not stop the
 * ones queued after it: each task handles its own errors, and a rejection
 * that escapes is swallowed here so the chain goes on.
 */
export interface SerialQueues {
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Resolves once every task queued so far has finished. */
  settled(): Promise<void>;
}

export function createSerialQueues(): SerialQueues {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.then(task).catch(() => undefined);
      tails.set(key, current);
      void current.then(() => {
        if (tails.get(key) === current) tails.delete(key);
      });
      return current;
    },
    async settled() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
