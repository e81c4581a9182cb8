import { UserError } from '../errors.js';
import type { SqlQueries } from './sql.js';

/** A second delivery of an interaction that has already changed state. */
export class AlreadyApplied extends UserError {
  override name = 'AlreadyApplied';
  constructor() {
    super(
      'Lectern has already done this; the request reached it twice, so nothing changed again.',
      'conflict',
    );
  }
}

/**
 * How long an applied interaction id is remembered. Discord redelivers within seconds or minutes and an
 * interaction's token lives 15 minutes, so a day is ample and keeps the table from growing for ever.
 */
export const APPLIED_INTERACTION_MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs `apply` in one write transaction that also records `interactionId` under a unique key, so any number
 * of deliveries of one Discord interaction, from any number of connections, processes or hosts on the
 * database, change state once: every later one throws AlreadyApplied and changes nothing. When `apply`
 * throws, the record rolls back with the change, so a redelivery is judged afresh (and refused the same way).
 * Without an id (the timer, tests) `apply` simply runs in its transaction. Inside a transaction (`sql` is a
 * transaction's queries) it is a savepoint of it.
 */
export async function applyOnce<T>(
  sql: SqlQueries,
  interactionId: string | undefined,
  action: string,
  apply: (tx: SqlQueries) => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<T> {
  return sql.transaction(async (tx) => {
    if (interactionId !== undefined) {
      const { changes } = await tx.run(
        `INSERT INTO applied_interactions (interaction_id, action, applied_at) VALUES (?, ?, ?)
           ON CONFLICT (interaction_id) DO NOTHING`,
        [interactionId, action, now().getTime()],
      );
      if (changes === 0) throw new AlreadyApplied();
    }
    return apply(tx);
  });
}

/** Forgets interaction ids applied before `before`; returns how many were forgotten. */
export async function forgetAppliedBefore(sql: SqlQueries, before: Date): Promise<number> {
  return (await sql.run('DELETE FROM applied_interactions WHERE applied_at < ?', [before.getTime()])).changes;
}

/** Whether an interaction has changed state already (for tests and diagnostics). */
export async function wasApplied(sql: SqlQueries, interactionId: string): Promise<boolean> {
  return (
    (await sql.get('SELECT 1 AS found FROM applied_interactions WHERE interaction_id = ?', [
      interactionId,
    ])) !== undefined
  );
}
