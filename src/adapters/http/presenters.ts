import type { z } from 'zod';
import type { AdminConference, AdminOrganisation, AdminUser, ApiToken } from '../../app/ports/admin-stores';
import { formatLocalDate } from '../../domain/billing/calendar';
import type { OrganisationStatistics } from '../../app/admin/statistics-service';
import type { LiveConferenceView } from '../../app/ports/live-control';
import type {
  conferenceResponse,
  liveConferenceResponse,
  organisationResponse,
  statisticsResponse,
  tokenResponse,
  userResponse,
} from './response-schemas';

/** Instants leave the API as ISO 8601 strings in UTC. */
const iso = (at: number): string => new Date(at).toISOString();
const isoOrNull = (at: number | null): string | null => (at === null ? null : iso(at));

export function presentOrganisation(organisation: AdminOrganisation): z.output<typeof organisationResponse> {
  return { ...organisation, createdAt: iso(organisation.createdAt) };
}

export function presentUser(user: AdminUser): z.output<typeof userResponse> {
  return { ...user, createdAt: iso(user.createdAt) };
}

export function presentToken(token: ApiToken): z.output<typeof tokenResponse> {
  return {
    ...token,
    createdAt: iso(token.createdAt),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    revokedAt: isoOrNull(token.revokedAt),
  };
}

export function presentConference(conference: AdminConference): z.output<typeof conferenceResponse> {
  return {
    ...conference,
    validFrom: isoOrNull(conference.validFrom),
    validUntil: isoOrNull(conference.validUntil),
    createdAt: iso(conference.createdAt),
    updatedAt: iso(conference.updatedAt),
  };
}

export function presentLiveConference(view: LiveConferenceView): z.output<typeof liveConferenceResponse> {
  return {
    ...view,
    startedAt: isoOrNull(view.startedAt),
    participants: view.participants.map((participant) => ({
      ...participant,
      arrivedAt: iso(participant.arrivedAt),
      joinedAt: isoOrNull(participant.joinedAt),
    })),
  };
}

export function presentStatistics(statistics: OrganisationStatistics): z.output<typeof statisticsResponse> {
  const { period } = statistics;
  return {
    ...statistics,
    period: {
      from: formatLocalDate(period.from),
      to: formatLocalDate(period.to),
      timeZone: period.timeZone,
      startsAt: iso(period.startsAt),
      endsAt: iso(period.endsAt),
    },
  };
}
