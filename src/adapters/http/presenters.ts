import type { z } from 'zod';
import type { AdminConference, AdminOrganisation, AdminUser, ApiToken } from '../../app/ports/admin-stores';
import { isoInstant, isoInstantOrNull, tokenView, userView } from '../../app/admin/admin-views';
import { formatLocalDate } from '../../domain/billing/calendar';
import { maskCallerNumber } from '../../domain/billing/caller-number-mask';
import type { OrganisationStatistics, StatisticsAcross } from '../../app/admin/organisation-statistics';
import type { Period } from '../../domain/billing/calendar';
import type { LiveConferenceView } from '../../app/ports/live-control';
import type { SessionView } from '../../app/admin/sessions-service';
import type {
  conferenceResponse,
  sessionResponse,
  liveConferenceResponse,
  organisationResponse,
  statisticsAcrossResponse,
  statisticsResponse,
  tokenResponse,
  userResponse,
} from './response-schemas';

export function presentOrganisation(organisation: AdminOrganisation): z.output<typeof organisationResponse> {
  return { ...organisation, createdAt: isoInstant(organisation.createdAt) };
}

export function presentUser(user: AdminUser): z.output<typeof userResponse> {
  return userView(user);
}

/** A signed-in session: who, the CSRF token for changes, when it ends unless used. */
export function presentSession(session: SessionView): z.output<typeof sessionResponse> {
  const { user } = session;
  return {
    user: { userId: user.id, email: user.email ?? '', name: user.name, role: user.role, organisationId: user.organisationId },
    csrfToken: session.csrfToken,
    expiresAt: isoInstant(session.expiresAt),
  };
}

export function presentToken(token: ApiToken): z.output<typeof tokenResponse> {
  return tokenView(token);
}

export function presentConference(conference: AdminConference): z.output<typeof conferenceResponse> {
  return {
    ...conference,
    validFrom: isoInstantOrNull(conference.validFrom),
    validUntil: isoInstantOrNull(conference.validUntil),
    createdAt: isoInstant(conference.createdAt),
    updatedAt: isoInstant(conference.updatedAt),
  };
}

export function presentLiveConference(view: LiveConferenceView): z.output<typeof liveConferenceResponse> {
  return {
    ...view,
    startedAt: isoInstantOrNull(view.startedAt),
    participants: view.participants.map((participant) => ({
      ...participant,
      maskedCallerNumber: maskCallerNumber(participant.callerNumber),
      arrivedAt: isoInstant(participant.arrivedAt),
      joinedAt: isoInstantOrNull(participant.joinedAt),
      handRaisedAt: isoInstantOrNull(participant.handRaisedAt),
    })),
  };
}

export function presentStatistics(statistics: OrganisationStatistics): z.output<typeof statisticsResponse> {
  return { ...statistics, period: presentPeriod(statistics.period) };
}

export function presentStatisticsAcross(
  statistics: StatisticsAcross & { names: ReadonlyMap<string, string> },
): z.output<typeof statisticsAcrossResponse> {
  const { names, ...figures } = statistics;
  return {
    ...figures,
    period: presentPeriod(statistics.period),
    organisations: statistics.organisations.map((organisation) => ({
      ...organisation,
      name: names.get(organisation.organisationId) ?? '',
    })),
  };
}

function presentPeriod(period: Period): z.output<typeof statisticsResponse>['period'] {
  return {
    from: formatLocalDate(period.from),
    to: formatLocalDate(period.to),
    timeZone: period.timeZone,
    startsAt: isoInstant(period.startsAt),
    endsAt: isoInstant(period.endsAt),
  };
}
