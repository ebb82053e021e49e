/**
 * What the receiver answers to a request it refuses, decided in one place: a signature that
 * does not verify, a body it will not read (too large, encoded, cut off). Each has one status and one reason from a closed set, which is what the
 * rejection log counts by; nothing here ever echoes the body.
 */
import { PodiumSignatureError } from '../signature/verify-podium-signature';

export interface RejectionAnswer {
  status: number;
  reason: string;
  body: { error: string; message: string };
}

/** body-parser's own errors, by their `type`, under the names the receiver answers with. */
const BODY_ERRORS: Record<string, { reason: string; message: string }> = {
  'entity.too.large': { reason: 'body_too_large', message: 'the body is over MAX_BODY_BYTES' },
  'request.aborted': { reason: 'request_aborted', message: 'the body was cut off' },
  'request.size.invalid': {
    reason: 'body_length_mismatch',
    message: 'the body does not match its content-length',
  },
};

const answer = (status: number, reason: string, message: string): RejectionAnswer => ({
  status,
  reason,
  body: { error: reason, message },
});

function bodyParserRejection(error: unknown): RejectionAnswer | undefined {
  const { status, type, encoding } = error as {
    status?: unknown;
    type?: unknown;
    encoding?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === 'encoding.unsupported') {
    // The signature covers the bytes exactly as sent; an inflated body is not what was signed.
    // Podium sends no content-encoding.
    return answer(
      415,
      'unsupported_content_encoding',
      `content-encoding "${String(encoding)}" is not accepted: send the body as signed, unencoded`,
    );
  }
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  return known
    ? answer(status, known.reason, known.message)
    : answer(status, 'bad_request', 'the request could not be read');
}

/** The answer for a refused request, or undefined for a failure that is the receiver's own. */
export function rejectionOf(error: unknown): RejectionAnswer | undefined {
  if (error instanceof PodiumSignatureError) {
    // An attacker may be probing: say why briefly, start nothing.
    return answer(401, error.reason, error.message);
  }
  return bodyParserRejection(error);
}
