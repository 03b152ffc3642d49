import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AriEventType } from './api-docs/event-models';
import { eventAllowed, NO_EVENT_FILTER, updatedEventFilter, type EventFilter } from './event-filter';
import type { EventSink } from './sim-asterisk';
import { asteriskTimestamp } from './timers';

/** Not declared in our events model: ari-client cannot look it up. */
export const UNDECLARED_EVENT_TYPE = 'ChannelToneDetected';

/**
 * The /ari/events WebSockets, one or more per Stasis application. As on
 * Asterisk, a new socket for an app takes the app over (the old one is told
 * ApplicationReplaced and hears nothing more), and an app without a socket
 * is not registered: its events are lost and Stasis() fails for new calls.
 */
export class EventSockets implements EventSink {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly socketByApp = new Map<string, WebSocket>();
  private readonly everRegistered = new Set<string>();
  /** Each app's event filter; it outlives the app's socket, as the app does in Asterisk while it has channels. */
  private readonly filters = new Map<string, EventFilter>();

  /** `onAppsChanged` runs whenever an app connects or loses its socket; `onSent` after each event written. */
  constructor(
    private readonly asteriskId: string,
    private readonly onAppsChanged: () => void,
    private readonly onSent: (type: string, bytes: number) => void = () => undefined,
  ) {}

  accept(request: IncomingMessage, socket: Duplex, head: Buffer, apps: string[]): void {
    this.server.handleUpgrade(request, socket, head, (ws) => {
      for (const app of apps) {
        const previous = this.socketByApp.get(app);
        if (previous) this.write(previous, app, 'ApplicationReplaced', {});
        this.socketByApp.set(app, ws);
        this.everRegistered.add(app);
      }
      this.onAppsChanged();
      ws.on('close', () => {
        for (const [app, current] of this.socketByApp) {
          if (current === ws) this.socketByApp.delete(app);
        }
        this.onAppsChanged();
      });
      // A peer that resets the connection is a normal event for a telephony server.
      ws.on('error', () => ws.terminate());
    });
  }

  send(apps: Iterable<string>, type: AriEventType, body: () => Record<string, unknown>): void {
    let built: Record<string, unknown> | null = null;
    for (const app of new Set(apps)) {
      const ws = this.socketByApp.get(app);
      if (ws && eventAllowed(this.eventFilter(app), type)) this.write(ws, app, type, (built ??= body()));
    }
  }

  /** False when Asterisk would answer 400. */
  setEventFilter(app: string, body: unknown): boolean {
    const filter = updatedEventFilter(this.eventFilter(app), body);
    if (filter === null) return false;
    this.filters.set(app, filter);
    return true;
  }

  eventFilter(app: string): EventFilter {
    return this.filters.get(app) ?? NO_EVENT_FILTER;
  }

  /** An Asterisk restart: the apps are new, without filters. */
  forgetFilters(): void {
    this.filters.clear();
  }

  /** An event whose type ari-client cannot find in the declarations. */
  sendUndeclared(apps: Iterable<string>): void {
    for (const app of new Set(apps)) {
      const ws = this.socketByApp.get(app);
      if (ws) this.write(ws, app, UNDECLARED_EVENT_TYPE, { tone: 'fax' });
    }
  }

  connectedApps(): string[] {
    return [...this.socketByApp.keys()];
  }

  /** Apps that have ever connected (GET /applications knows them). */
  knownApps(): string[] {
    return [...this.everRegistered];
  }

  /** Abrupt loss of every event socket (no close frame). */
  dropAll(): void {
    for (const ws of this.server.clients) ws.terminate();
    this.socketByApp.clear();
    this.onAppsChanged();
  }

  close(): void {
    this.dropAll();
    this.server.close();
  }

  private write(ws: WebSocket, app: string, type: string, body: Record<string, unknown>): void {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify({
      type,
      timestamp: asteriskTimestamp(Date.now()),
      ...body,
      asterisk_id: this.asteriskId,
      application: app,
    });
    ws.send(text);
    this.onSent(type, text.length);
  }
}
