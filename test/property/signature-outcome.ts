/** How a signature property reads a verification: its outcome, a clock, a one-character edit. */
import {
  PodiumSignatureError,
  verifyPodiumSignature,
  type SignatureHeaders,
  type VerifyOptions,
} from '../../src/signature/verify-podium-signature';

export const RUNS = 300;

/** 'verified', or the typed reason; anything else thrown fails the property. */
export function outcome(body: Buffer, headers: SignatureHeaders, options: VerifyOptions): string {
  try {
    verifyPodiumSignature(body, headers, options);
    return 'verified';
  } catch (error) {
    if (error instanceof PodiumSignatureError) return error.reason;
    throw error;
  }
}

export const at = (nowMs: number, toleranceMs = 300_000) => ({ toleranceMs, now: () => nowMs });
/** Replaces the character at `index` (modulo the length) of `text`. */
export const replaceAt = (text: string, index: number, char: string) => {
  const i = index % text.length;
  return text.slice(0, i) + char + text.slice(i + 1);
};
