import type { CallCarrier } from '../../app/ports/carry-tickets';
import type { AriRest } from './ari-rest';
import { getChannelVar } from './ari-resync';

/**
 * The channel variable that holds the carry token: set here before the call
 * is continued into [kvorum-carry], whose Dial adds it as the X-Kvorum-Carry
 * header; on the receiving server [kvorum-trunk-in] reads the header into it
 * with PJSIP_HEADER(read,X-Kvorum-Carry).
 */
const CARRY_VARIABLE = 'KVORUM_CARRY';
const CARRY_CONTEXT = 'kvorum-carry';

/** The internal trunk over ARI: a channel variable, and `continue` into the dialplan that dials the peer. */
export function createAriCarrier(rest: AriRest): CallCarrier {
  return {
    async carry(channelId, peer, token) {
      const meta = { channelId };
      await rest.request(
        'channels',
        'setChannelVar',
        { channelId, variable: CARRY_VARIABLE, value: token },
        { ...meta, operation: 'channels.setChannelVar' },
      );
      await rest.request(
        'channels',
        'continueInDialplan',
        { channelId, context: CARRY_CONTEXT, extension: peer, priority: 1 },
        { ...meta, operation: 'channels.continueInDialplan' },
      );
    },
    tokenOf: (channelId) => getChannelVar(rest, channelId, CARRY_VARIABLE),
  };
}
