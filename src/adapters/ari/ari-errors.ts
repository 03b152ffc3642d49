import { ChannelGoneError, TelephonyError } from '../../app/ports/telephony';
import { assertNever } from '../../domain/assert-never';

/** What a failed request was about, so "not found" can name the right thing. */
export interface RequestSubject {
  /** Short operation name for messages, e.g. `channels.answer`. */
  operation: string;
  channelId?: string;
}

/**
 * The one place where ari-client failures become the errors the app knows.
 *
 * ari-client rejects with `new Error(<response body>)`, so the HTTP status is
 * lost and only Asterisk's `{"message": "..."}` is left to read. When the body
 * is empty it rejects with the raw Swagger response instead (which does carry
 * `status`). Swagger throws plain strings for bad arguments
 * ("channelId is a required path param.").
 */
export function toTelephonyError(failure: unknown, subject: RequestSubject): TelephonyError {
  if (failure instanceof TelephonyError) return failure;
  const { message, status } = describeFailure(failure);
  const kind = classify(message, status);
  switch (kind) {
    case 'channel-gone':
      return subject.channelId !== undefined
        ? new ChannelGoneError(subject.channelId)
        : new TelephonyError(`${subject.operation}: ${message}`, 'not-found');
    case 'not-found':
    case 'conflict':
    case 'bad-request':
    case 'failed':
      return new TelephonyError(`${subject.operation}: ${message}`, kind);
    default:
      return assertNever(kind);
  }
}

type FailureKind = 'channel-gone' | 'not-found' | 'conflict' | 'bad-request' | 'failed';

function classify(message: string, status: number | null): FailureKind {
  const text = message.toLowerCase();
  // A channel that left Stasis has hung up as far as the app is concerned.
  if (/channel not found|channel not in (a )?stasis/.test(text)) return 'channel-gone';
  if (/not found|cannot be found|does not exist/.test(text) || status === 404) return 'not-found';
  if (
    status === 409 ||
    status === 412 ||
    status === 422 ||
    text.includes('not in') ||
    text.includes('in use') ||
    text.includes('already exists') ||
    text.includes('invalid state')
  ) {
    return 'conflict';
  }
  if (status === 400 || text.includes('required') || text.includes('invalid') || text.includes('bad request')) {
    return 'bad-request';
  }
  return 'failed';
}

function describeFailure(failure: unknown): { message: string; status: number | null } {
  if (typeof failure === 'string') return { message: failure, status: 400 };
  if (failure instanceof Error) return { message: messageFromBody(failure.message), status: null };
  if (typeof failure === 'object' && failure !== null) {
    const status = 'status' in failure && typeof failure.status === 'number' ? failure.status : null;
    return { message: status === null ? 'unknown failure' : `HTTP ${status}`, status };
  }
  return { message: String(failure), status: null };
}

/** `{"message":"Channel not found"}` → `Channel not found`; any other text is kept as it is. */
function messageFromBody(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      return parsed.message;
    }
  } catch {
    // Not JSON: a network error or Swagger's own text, already readable.
  }
  return body;
}
