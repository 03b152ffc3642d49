/** One command for a channel's control queue. */
export interface ControlCommand {
  /** Does the work; a returned promise holds the queue until it settles (a prompt holds it until it ends). */
  run(): void | Promise<void>;
  /** The channel went away before the command's turn came. */
  abandon(): void;
}

/**
 * A Stasis channel's command queue, as Asterisk's res_stasis keeps it: the
 * channel's own thread runs one command at a time, and a prompt played to
 * the channel is one of those commands, holding everything queued behind it
 * until the prompt ends. REST requests such as answer, addChannel,
 * removeChannel and setting a variable wait for their command to run; play,
 * mute, music on hold and DTMF answer at once and act when their turn comes.
 */
export class ChannelControl {
  private readonly waiting: ControlCommand[] = [];
  private running = false;
  private closed = false;

  /** Runs the command now when nothing is ahead of it, otherwise when its turn comes. */
  submit(command: ControlCommand): void {
    if (this.closed) return command.abandon();
    this.waiting.push(command);
    if (!this.running) this.runNext();
  }

  /** The channel is gone: what has not run yet never will. */
  close(): void {
    this.closed = true;
    for (const command of this.waiting.splice(0)) command.abandon();
  }

  private runNext(): void {
    const command = this.waiting.shift();
    this.running = command !== undefined;
    if (command === undefined) return;
    const holding = command.run();
    if (holding === undefined) this.runNext();
    else void holding.finally(() => this.runNext());
  }
}
