import { type IdempotencyConflict } from '@boxoffice/core'
import { matchIdempotency, type IdempotencyRecord } from '@boxoffice/core/adapter'
import { err, type Result } from 'neverthrow'
import { retry, type Retry } from '../classify-postgres-error.js'
import type { PostgresQueryable } from '../postgres-pool.js'
import { execute, statement, type Statement } from '../statement.js'
import type { IdempotencyRow } from './booking-rows.js'

export interface IdempotencyStatements {
  readonly claim: Statement
  readonly read: Statement
}

export function idempotencyStatements(s: string): IdempotencyStatements {
  return {
    // A concurrent claim of the same key waits here until the first commits
    // (then: nothing inserted, replay it) or rolls back (then: ours).
    claim: statement(`
      INSERT INTO ${s}.idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING result_id`),
    read: statement(`
      SELECT operation, fingerprint, result_id, created_at FROM ${s}.idempotency_keys
       WHERE user_id = $1 AND idempotency_key = $2`),
  }
}

export type KeyClaim = { readonly kind: 'fresh' } | { readonly kind: 'replay'; readonly resultId: string }

/**
 * Inside the call's transaction: records the key for this call, or, when the
 * key is taken, `matchIdempotency` against what it recorded. The record rolls
 * back with the transaction, so only a call that took effect keeps its key.
 */
export async function claimKey(
  tx: PostgresQueryable,
  sql: IdempotencyStatements,
  record: IdempotencyRecord,
): Promise<Result<KeyClaim, IdempotencyConflict | Retry>> {
  const { userId, key, operation, fingerprint, resultId, createdAt } = record
  const [claimed] = await execute(tx, sql.claim, [userId, key, operation, fingerprint, resultId, createdAt])
  if (claimed !== undefined) return matchIdempotency(undefined, operation, key, fingerprint)
  const [row] = await execute<IdempotencyRow>(tx, sql.read, [userId, key])
  if (row === undefined) return err(retry)
  const stored: IdempotencyRecord = {
    userId,
    key,
    operation: row.operation,
    fingerprint: row.fingerprint,
    resultId: row.result_id,
    createdAt: row.created_at,
  }
  const match = matchIdempotency(stored, operation, key, fingerprint)
  // The claim failed, so a 'fresh' match would mean the row vanished meanwhile: look again.
  return match.andThen((decided) => (decided.kind === 'fresh' ? err(retry) : match))
}
