import type { AriMetrics } from '../../app/ports/metrics';
import type { AriRest } from './ari-rest';

/** Every request timed for the metrics, by operation (`channels.play`, never an id), whether it answered or failed. */
export function timedRest(rest: AriRest, metrics: AriMetrics): AriRest {
  return {
    async request(resource, operation, params, subject) {
      const startedAt = performance.now();
      const seconds = () => (performance.now() - startedAt) / 1000;
      try {
        const answer = await rest.request(resource, operation, params, subject);
        metrics.ariRequest(`${resource}.${operation}`, seconds(), 'ok');
        return answer;
      } catch (error) {
        metrics.ariRequest(`${resource}.${operation}`, seconds(), 'error');
        throw error;
      }
    },
  };
}
