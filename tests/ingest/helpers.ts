import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { IngestError, type IngestErrorCode } from '../../src/ingest/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ingest');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Awaits a rejection and checks that it is an IngestError with `code`; returns it for the message checks. */
export async function rejection(promise: Promise<unknown>, code: IngestErrorCode): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect((error as IngestError).code).toBe(code);
  return error as IngestError;
}
