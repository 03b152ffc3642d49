import { z } from 'zod';
import { presentedCallerNumber } from '../../domain/call/caller-number';
import { type BridgeKind } from '../../domain/conference/conference-state';
import { ChannelGoneError, TelephonyError, type TelephonySnapshots } from '../../app/ports/telephony';
import type { AriRest } from './ari-rest';

/**
 * Reads that let the app rebuild its picture after a reconnect or a restart
 * (events during a gap are lost): which bridges exist and who is in them,
 * which channels are in our Stasis app, the roles stored on channels, and
 * the recordings stored (callers' names a crash left behind).
 */
export type AriResync = TelephonySnapshots;

const BridgeBody = z.object({
  id: z.string(),
  bridge_type: z.string(),
  name: z.string().optional(),
  channels: z.array(z.string()),
});

const ChannelBody = z.object({
  id: z.string(),
  state: z.string(),
  caller: z.object({ number: z.string().optional() }).optional(),
  dialplan: z.object({ exten: z.string().optional(), app_data: z.string().optional() }).optional(),
  creationtime: z.string().optional(),
});

const ApplicationBody = z.object({ channel_ids: z.array(z.string()) });
const StoredRecordingsBody = z.array(z.object({ name: z.string() }));
const VariableBody = z.object({ value: z.string() });

export function createAriResync(rest: AriRest, app: string): AriResync {
  return {
    async listBridges() {
      const bridges = parseBody(z.array(BridgeBody), await rest.request('bridges', 'list', {}), 'bridges.list');
      return bridges.map((bridge) => ({
        bridgeId: bridge.id,
        kind: bridgeKind(bridge.bridge_type),
        name: bridge.name ?? '',
        channelIds: bridge.channels,
      }));
    },
    async listChannels() {
      const channels = parseBody(z.array(ChannelBody), await rest.request('channels', 'list', {}), 'channels.list');
      return channels.map((channel) => ({
        channelId: channel.id,
        state: channel.state,
        callerNumber: presentedCallerNumber(channel.caller?.number),
      }));
    },
    async describeChannel(channelId) {
      const body = await rest.request('channels', 'get', { channelId }, { operation: 'channels.get', channelId });
      const channel = parseBody(ChannelBody, body, 'channels.get');
      return {
        channelId: channel.id,
        state: channel.state,
        callerNumber: presentedCallerNumber(channel.caller?.number),
        dialledNumber: dialledNumber(channel.dialplan),
        createdAt: channel.creationtime === undefined ? null : parseAsteriskTime(channel.creationtime),
      };
    },
    async listAppChannelIds() {
      const body = await rest.request('applications', 'get', { applicationName: app });
      return parseBody(ApplicationBody, body, 'applications.get').channel_ids;
    },
    async getChannelVars(channelId, names) {
      const entries = await Promise.all(names.map(async (name) => [name, await getChannelVar(rest, channelId, name)] as const));
      return Object.fromEntries(entries) as Record<(typeof names)[number], string | null>;
    },
    async listStoredRecordings() {
      const body = await rest.request('recordings', 'listStored', {});
      return parseBody(StoredRecordingsBody, body, 'recordings.listStored').map((recording) => recording.name);
    },
  };
}

export async function getChannelVar(rest: AriRest, channelId: string, name: string): Promise<string | null> {
  try {
    const body = await rest.request(
      'channels',
      'getChannelVar',
      { channelId, variable: name },
      { operation: 'channels.getChannelVar', channelId },
    );
    return parseBody(VariableBody, body, 'channels.getChannelVar').value;
  } catch (error) {
    // "Provided variable was not found" means unset; a gone channel must still reach the caller.
    const variableUnset = error instanceof TelephonyError && error.code === 'not-found' && !(error instanceof ChannelGoneError);
    if (variableUnset) return null;
    throw error;
  }
}

/**
 * The dialplan runs `Stasis(app,ACCESS_NUMBER)`, so while the channel is in
 * Stasis its `app_data` is `app,ACCESS_NUMBER`; the extension is the fallback.
 */
function dialledNumber(dialplan: { exten?: string; app_data?: string } | undefined): string | null {
  const stasisArgument = dialplan?.app_data?.split(',')[1];
  return stasisArgument || dialplan?.exten || null;
}

/** Asterisk writes `2026-01-01T12:00:00.000+0000`; JavaScript wants a colon in the offset. */
function parseAsteriskTime(text: string): number | null {
  const at = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(at) ? null : at;
}

/** The mixing bridge is created as `mixing,dtmf_events`; Asterisk reports its type as `mixing`. */
function bridgeKind(bridgeType: string): BridgeKind | null {
  const kinds = bridgeType.split(',');
  if (kinds.includes('holding')) return 'holding';
  if (kinds.includes('mixing')) return 'mixing';
  return null;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, operation: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new TelephonyError(`${operation}: unexpected response from Asterisk`, 'failed');
  return parsed.data;
}
