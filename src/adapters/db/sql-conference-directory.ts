import type { AdminConference } from '../../app/ports/admin-stores';
import type { CodeRole, ConferenceSettings } from '../../domain/conference/conference-settings';
import type { CodeMatch, ConferenceDirectory, ConferenceSettingsSource } from '../../app/ports/conference-directory';
import { codesValidAt } from '../../domain/booking/booking-rules';
import { formatLocalDate, localDayOf } from '../../domain/billing/calendar';
import { meetingLimits, type LicencePlan } from '../../domain/licensing/licence-plans';
import { roomRules } from '../../domain/room-types';
import { scheduleOfRow, type ScheduleColumns } from './booking-row';
import type { CodeHasher } from './code-hash';
import { type ConferenceRow, toAdminConference } from './conference-row';
import { planIdOfOwner } from './plan-of-owner-sql';
import type { SqlDatabase } from './sql/sql-database';

/** The limits of the owner's licence plan, joined to the room's row. */
interface PlanColumns {
  plan_max_participants: number | null;
  plan_group_time_limit_minutes: number | null;
}

type MatchRow = ConferenceRow & PlanColumns & { role: CodeRole };

/** A booking code's row: its room, its role, and when the booking's meetings are. */
type BookingMatchRow = ConferenceRow &
  PlanColumns & {
    role: 'leader' | 'participant';
    booking_id: string;
    booking_time_zone: string;
    starts_local: string;
    duration_minutes: number;
    recurrence: string | null;
    early_entry_minutes: number;
    grace_minutes: number;
  };

const MINUTE_MS = 60_000;

/** The room `c` with the limits of its owner's plan `p` (JOIN_PLAN). */
const ROOM_WITH_PLAN = `c.*, p.max_participants AS plan_max_participants, p.group_time_limit_minutes AS plan_group_time_limit_minutes`;
/** The plan in force for the owner of `c` on the local day `day` (an SQL expression). */
const JOIN_PLAN = (day: string) => `JOIN licence_plans p ON p.id = ${planIdOfOwner('c.owner_user_id', day)}`;

// Validity window: valid_from inclusive, valid_until exclusive. $1 the code's hash, $2 the instant, $3 its local day.
const SELECT_BY_CODE_HASH = `SELECT ${ROOM_WITH_PLAN}, cc.role
  FROM conference_codes cc JOIN conferences c ON c.id = cc.conference_id ${JOIN_PLAN('$3')}
  WHERE cc.code_hash = $1
    AND c.deleted_at IS NULL
    AND (c.valid_from IS NULL OR c.valid_from <= $2)
    AND (c.valid_until IS NULL OR $2 < c.valid_until)`;
// The span is a coarse filter; the meetings of the series decide (codesValidAt).
const SELECT_BY_BOOKING_CODE_HASH = `SELECT ${ROOM_WITH_PLAN}, bc.role, b.id AS booking_id, b.time_zone AS booking_time_zone,
    b.starts_local, b.duration_minutes, b.recurrence, b.early_entry_minutes, b.grace_minutes
  FROM booking_codes bc JOIN bookings b ON b.id = bc.booking_id JOIN conferences c ON c.id = b.conference_id ${JOIN_PLAN('$3')}
  WHERE bc.code_hash = $1
    AND b.status = 'scheduled'
    AND c.deleted_at IS NULL
    AND b.first_starts_at - b.early_entry_minutes * ${MINUTE_MS} <= $2
    AND $2 < b.last_ends_at + b.grace_minutes * ${MINUTE_MS}
    AND (c.valid_from IS NULL OR c.valid_from <= $2)
    AND (c.valid_until IS NULL OR $2 < c.valid_until)`;
const SELECT_CANCELLED = 'SELECT starts_at FROM booking_cancelled_occurrences WHERE booking_id = $1';
const SELECT_BY_ID = `SELECT ${ROOM_WITH_PLAN} FROM conferences c ${JOIN_PLAN('$2')} WHERE c.id = $1 AND c.deleted_at IS NULL`;

/**
 * Finds the conference a caller's code belongs to, by the code's keyed hash
 * (a room's own code, or a booking's one-off code inside its window); and a
 * conference's run-time settings by id, for meetings taken back after a
 * restart. The settings carry the limits of the owner's licence plan, read
 * in the same query: a room's code costs one indexed lookup.
 */
export class SqlConferenceDirectory implements ConferenceDirectory, ConferenceSettingsSource {
  constructor(
    private readonly db: SqlDatabase,
    private readonly hashCode: CodeHasher,
    /** Licences run by local days in this zone. */
    private readonly timeZone: string = 'Europe/Oslo',
    /** The bridge's clock, for the licence in force when a meeting is taken back after a restart. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  async settingsOf(conferenceId: string): Promise<ConferenceSettings | null> {
    const at = this.now();
    const row = await this.db.get<ConferenceRow & PlanColumns>(SELECT_BY_ID, [conferenceId, this.dayOf(at)]);
    return row ? settingsOf(toAdminConference(row), planOf(row)) : null;
  }

  async findByCode(digits: string, at: number): Promise<CodeMatch | null> {
    const hash = this.hashCode(digits);
    const day = this.dayOf(at);
    const row = await this.db.get<MatchRow>(SELECT_BY_CODE_HASH, [hash, at, day]);
    if (row) return { role: row.role, conference: settingsOf(toAdminConference(row), planOf(row)) };
    const booked = await this.db.get<BookingMatchRow>(SELECT_BY_BOOKING_CODE_HASH, [hash, at, day]);
    if (!booked) return null;
    const cancelled = await this.db.all<{ starts_at: number }>(SELECT_CANCELLED, [booked.booking_id]);
    const schedule = scheduleOfRow(
      { ...booked, time_zone: booked.booking_time_zone } satisfies ScheduleColumns,
      cancelled.map((occurrence) => occurrence.starts_at),
    );
    const window = { earlyEntryMinutes: booked.early_entry_minutes, graceMinutes: booked.grace_minutes };
    return codesValidAt(schedule, window, at)
      ? { role: booked.role, conference: settingsOf(toAdminConference(booked), planOf(booked)) }
      : null;
  }

  private dayOf(at: number): string {
    return formatLocalDate(localDayOf(at, this.timeZone));
  }
}

function planOf(row: PlanColumns): Pick<LicencePlan, 'maxParticipants' | 'groupTimeLimitMinutes'> {
  return { maxParticipants: row.plan_max_participants, groupTimeLimitMinutes: row.plan_group_time_limit_minutes };
}

function settingsOf(conference: AdminConference, plan: Pick<LicencePlan, 'maxParticipants' | 'groupTimeLimitMinutes'>): ConferenceSettings {
  const rules = roomRules(conference.roomType);
  const limits = meetingLimits(rules.capacity, plan);
  return {
    conferenceId: conference.id,
    organisationId: conference.organisationId,
    name: conference.name,
    language: conference.language,
    joinLeaveTones: conference.joinLeaveTones,
    endOnLeaderHangup: conference.endOnLeaderHangup,
    capacity: limits.capacity,
    participantsJoinMuted: rules.participantsJoinMuted,
    // Stored on for a sensitive room; its type's rule holds for a row written before there was a setting.
    admissionRequired: conference.admissionRequired || rules.alwaysRequiresAdmission,
    namesRecorded: conference.namesRecorded,
    maxDurationMs: conference.maxDurationMinutes === null ? null : conference.maxDurationMinutes * MINUTE_MS,
    groupTimeLimitMs: limits.groupTimeLimitMs,
  };
}
