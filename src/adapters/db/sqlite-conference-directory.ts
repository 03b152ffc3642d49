import type { AdminConference } from '../../app/ports/admin-stores';
import type { CodeRole, ConferenceSettings } from '../../domain/conference/conference-settings';
import type { CodeMatch, ConferenceDirectory, ConferenceSettingsSource } from '../../app/ports/conference-directory';
import { codesValidAt } from '../../domain/booking/booking-rules';
import { localDayOf } from '../../domain/billing/calendar';
import { meetingLimits } from '../../domain/licensing/licence-plans';
import { roomRules } from '../../domain/room-types';
import { scheduleOfRow, type ScheduleColumns } from './booking-row';
import type { CodeHasher } from './code-hash';
import { type ConferenceRow, toAdminConference } from './conference-row';
import type { Database } from './database';
import { LicencesRepository } from './licences-repository';

type MatchRow = ConferenceRow & { role: CodeRole };

/** A booking code's row: its room, its role, and when the booking's meetings are. */
type BookingMatchRow = ConferenceRow & {
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

/**
 * Finds the conference a caller's code belongs to, by the code's keyed hash
 * (a room's own code, or a booking's one-off code inside its window); and a
 * conference's run-time settings by id, for meetings taken back after a
 * restart. The settings carry the limits of the owner's licence plan.
 */
export class SqliteConferenceDirectory implements ConferenceDirectory, ConferenceSettingsSource {
  private readonly selectByCodeHash;
  private readonly selectByBookingCodeHash;
  private readonly selectCancelled;
  private readonly selectById;
  private readonly licences;

  constructor(
    db: Database,
    private readonly hashCode: CodeHasher,
    /** Licences run by local days in this zone. */
    private readonly timeZone: string = 'Europe/Oslo',
    /** The bridge's clock, for the licence in force when a meeting is taken back after a restart. */
    private readonly now: () => number = () => Date.now(),
  ) {
    // Validity window: valid_from inclusive, valid_until exclusive.
    this.selectByCodeHash = db.prepare<[{ hash: string; at: number }], MatchRow>(
      `SELECT c.*, cc.role
       FROM conference_codes cc JOIN conferences c ON c.id = cc.conference_id
       WHERE cc.code_hash = @hash
         AND c.deleted_at IS NULL
         AND (c.valid_from IS NULL OR c.valid_from <= @at)
         AND (c.valid_until IS NULL OR @at < c.valid_until)`,
    );
    // The span is a coarse filter; the meetings of the series decide (codesValidAt).
    this.selectByBookingCodeHash = db.prepare<[{ hash: string; at: number }], BookingMatchRow>(
      `SELECT c.*, bc.role, b.id AS booking_id, b.time_zone AS booking_time_zone, b.starts_local, b.duration_minutes,
              b.recurrence, b.early_entry_minutes, b.grace_minutes
       FROM booking_codes bc JOIN bookings b ON b.id = bc.booking_id JOIN conferences c ON c.id = b.conference_id
       WHERE bc.code_hash = @hash
         AND b.status = 'scheduled'
         AND c.deleted_at IS NULL
         AND b.first_starts_at - b.early_entry_minutes * ${MINUTE_MS} <= @at
         AND @at < b.last_ends_at + b.grace_minutes * ${MINUTE_MS}
         AND (c.valid_from IS NULL OR c.valid_from <= @at)
         AND (c.valid_until IS NULL OR @at < c.valid_until)`,
    );
    this.selectCancelled = db.prepare<[string], { starts_at: number }>(
      'SELECT starts_at FROM booking_cancelled_occurrences WHERE booking_id = ?',
    );
    this.selectById = db.prepare<[string], ConferenceRow>('SELECT * FROM conferences WHERE id = ? AND deleted_at IS NULL');
    this.licences = new LicencesRepository(db);
  }

  settingsOf(conferenceId: string): ConferenceSettings | null {
    const row = this.selectById.get(conferenceId);
    return row ? this.settingsAt(toAdminConference(row), this.now()) : null;
  }

  findByCode(digits: string, at: number): CodeMatch | null {
    const hash = this.hashCode(digits);
    const row = this.selectByCodeHash.get({ hash, at });
    if (row) return { role: row.role, conference: this.settingsAt(toAdminConference(row), at) };
    const booked = this.selectByBookingCodeHash.get({ hash, at });
    if (!booked) return null;
    const schedule = scheduleOfRow(
      { ...booked, time_zone: booked.booking_time_zone } satisfies ScheduleColumns,
      this.selectCancelled.all(booked.booking_id).map((cancelled) => cancelled.starts_at),
    );
    const window = { earlyEntryMinutes: booked.early_entry_minutes, graceMinutes: booked.grace_minutes };
    return codesValidAt(schedule, window, at) ? { role: booked.role, conference: this.settingsAt(toAdminConference(booked), at) } : null;
  }

  private settingsAt(conference: AdminConference, at: number): ConferenceSettings {
    const rules = roomRules(conference.roomType);
    const limits = meetingLimits(rules.capacity, this.licences.planOfOwner(conference.ownerUserId, localDayOf(at, this.timeZone)));
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
}
