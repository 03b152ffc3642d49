/** Time and identity: the app never calls Date.now or setTimeout itself, so tests run it on a fake clock. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** A plain function (no `this`), so it can be handed on as `clock.now`. */
  now: () => number;
  after(ms: number, fire: () => void): TimerHandle;
}

export interface Ids {
  /** A new unique id, e.g. `leg-…`, `mtg-…`, `pb-…`, `br-…`. */
  next(prefix: string): string;
}
