import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier, MAX_SIGNATURE_AGE_MS, publicKeyFromHex } from '../../src/http/verify.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const NOW = 1_800_000_000_000;
const timestamp = String(NOW / 1000);
const body = Buffer.from('{"type":1,"id":"1"}');
const signatureOf = (stamp: string, payload: Buffer) =>
  sign(null, Buffer.concat([Buffer.from(stamp), payload]), privateKey).toString('hex');

describe('interaction signature verification', () => {
  const verify = createVerifier(publicKeyHex, () => NOW);

  it('accepts a request signed with the application key over timestamp + raw body', () => {
    expect(verify({ signature: signatureOf(timestamp, body), timestamp, body })).toBe('valid');
  });

  it('refuses a missing signature or timestamp', () => {
    expect(verify({ signature: undefined, timestamp, body })).toBe('missing');
    expect(verify({ signature: signatureOf(timestamp, body), timestamp: undefined, body })).toBe('missing');
  });

  it('refuses a signature made by another key, a malformed one, and one over another timestamp', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const foreign = sign(null, Buffer.concat([Buffer.from(timestamp), body]), other).toString('hex');
    expect(verify({ signature: foreign, timestamp, body })).toBe('bad-signature');
    expect(verify({ signature: 'zz'.repeat(64), timestamp, body })).toBe('bad-signature');
    expect(verify({ signature: signatureOf(timestamp, body).slice(0, 100), timestamp, body })).toBe(
      'bad-signature',
    );
    const later = String(NOW / 1000 + 1);
    expect(verify({ signature: signatureOf(timestamp, body), timestamp: later, body })).toBe('bad-signature');
  });

  it('refuses a tampered body, even by one byte', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 2] = 0x32;
    expect(verify({ signature: signatureOf(timestamp, body), timestamp, body: tampered })).toBe(
      'bad-signature',
    );
  });

  it('refuses a genuine signature older (or newer) than five minutes: a replay', () => {
    const old = String((NOW - MAX_SIGNATURE_AGE_MS - 1000) / 1000);
    expect(verify({ signature: signatureOf(old, body), timestamp: old, body })).toBe('stale');
    const future = String((NOW + MAX_SIGNATURE_AGE_MS + 1000) / 1000);
    expect(verify({ signature: signatureOf(future, body), timestamp: future, body })).toBe('stale');
    const recent = String((NOW - MAX_SIGNATURE_AGE_MS + 5000) / 1000);
    expect(verify({ signature: signatureOf(recent, body), timestamp: recent, body })).toBe('valid');
  });

  it('builds the key from the 64 hex characters the Developer Portal shows, and refuses anything else', () => {
    expect(publicKeyFromHex(publicKeyHex).asymmetricKeyType).toBe('ed25519');
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hexadecimal/);
  });
});
