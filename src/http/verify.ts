import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** An Ed25519 public key as SPKI DER is this fixed header followed by the raw 32-byte key. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Discord signs each request when it sends it; an older timestamp is a replay, not a slow network. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

export type Verdict = 'valid' | 'missing' | 'bad-signature' | 'stale';

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

/** Turns the application's public key (64 hex characters, as the Developer Portal shows it) into a key. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('an Ed25519 public key is 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Checks Discord's signature of an interactions request: X-Signature-Ed25519 over X-Signature-Timestamp
 * followed by the raw body, exactly as received (a reparsed body would not match).
 */
export function createVerifier(
  publicKeyHex: string,
  now: () => number = Date.now,
): (request: SignedRequest) => Verdict {
  const key = publicKeyFromHex(publicKeyHex);
  return ({ signature, timestamp, body }) => {
    if (!signature || !timestamp) return 'missing';
    if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'bad-signature';
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) return 'bad-signature';
    // Checked after the signature, so only a request Discord really signed is ever called stale.
    if (Math.abs(now() - Number(timestamp) * 1000) > MAX_SIGNATURE_AGE_MS) return 'stale';
    return 'valid';
  };
}
