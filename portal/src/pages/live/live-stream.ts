import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';

export type LiveConference = paths['/api/v1/live']['get']['responses'][200]['content']['application/json']['conferences'][number];
export type LiveCaller = LiveConference['participants'][number];

const EVENTS_PATH = '/api/v1/live/events';

export interface LiveMeetings {
  /** Null until the first event. */
  conferences: LiveConference[] | null;
  /** False while the browser reconnects (it does so by itself). */
  connected: boolean;
}

/**
 * The live meetings the signed-in person may see, pushed by the server
 * (`GET /api/v1/live/events`, Server-Sent Events) within a second of every
 * change: no polling, no reload. The browser's EventSource reopens the
 * stream by itself when it ends; a stream refused (the session is over)
 * is told to the session through an ordinary API call, which signs out.
 */
export function useLiveMeetings(): LiveMeetings {
  const [conferences, setConferences] = useState<LiveConference[] | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(EVENTS_PATH);
    source.addEventListener('live', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { conferences: LiveConference[] };
      setConferences(data.conferences);
      setConnected(true);
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => {
      setConnected(false);
      // CLOSED: the server refused the stream (not a dropped one, which the browser retries).
      if (source.readyState === EventSource.CLOSED) void api.GET('/api/v1/live');
    };
    return () => source.close();
  }, []);
  return { conferences, connected };
}
