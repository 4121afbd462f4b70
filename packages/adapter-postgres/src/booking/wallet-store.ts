import {
  chargeLimitExceeded,
  type ChargeLimitExceeded,
  type IdempotencyConflict,
  type LedgerEntry,
} from '@boxoffice/core'
import {
  chargeFingerprint,
  matchIdempotency,
  type BookingStore,
  type ChargeCommand,
  type ChargeOutcome,
  type IdempotencyRecord,
} from '@boxoffice/core/adapter'
import { err, ok, type Result, type ResultAsync } from 'neverthrow'
import { attemptStatement, runStatement, withRetries, type AttemptError } from '../atomic.js'
import { retry } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { statement } from '../statement.js'
import { LEDGER_COLUMNS, toLedgerEntry, type LedgerRow } from './booking-rows.js'

type WalletPart = Pick<BookingStore, 'charge' | 'balance' | 'history'>

function walletStatements(s: string) {
  return {
    // applyCharge as one statement: the wallet is created or credited only if
    // the new balance stays within $3 (maxBalance), and the ledger entry
    // carries the balance the credit produced. No row back: limit exceeded.
    // $1 user, $2 amount, $3 max balance, $4 entry id, $5 now, $6 key.
    charge: statement(`
      WITH wallet AS (
        INSERT INTO ${s}.wallets AS w (user_id, balance)
        SELECT $1, $2::bigint WHERE $2::bigint <= $3::bigint
        ON CONFLICT (user_id) DO UPDATE SET balance = w.balance + EXCLUDED.balance
         WHERE w.balance + EXCLUDED.balance <= $3::bigint
        RETURNING balance)
      INSERT INTO ${s}.ledger_entries (entry_id, user_id, kind, amount, balance_after, at, idempotency_key)
      SELECT $4, $1, 'CHARGE', $2::bigint, wallet.balance, $5, $6 FROM wallet
      RETURNING ${LEDGER_COLUMNS}`),
    // A keyed charge, one statement (migration 0007): the key's claim, or its
    // replay, and the same conditional credit as above.
    chargeKeyed: statement(`SELECT * FROM ${s}.charge_wallet($1, $2, $3, $4, $5, $6, $7)`),
    balance: statement(`SELECT balance FROM ${s}.wallets WHERE user_id = $1`),
    history: statement(`
      SELECT ${LEDGER_COLUMNS} FROM ${s}.ledger_entries WHERE user_id = $1 ORDER BY position DESC LIMIT $2`),
  }
}

/** A `charge_attempt` row: what charge_wallet did, and the entry it wrote or replays. */
type ChargeAttemptRow = Partial<LedgerRow> & {
  readonly outcome: 'charged' | 'refused' | 'key_taken' | 'retry'
  readonly stored_operation: IdempotencyRecord['operation'] | null
  readonly stored_fingerprint: string | null
}

const receipt = (entry: LedgerEntry): ChargeOutcome => ({ balance: entry.balanceAfter, entry })

/** Wallets and their ledger. A charge is one statement, with a key or without. */
export function createWalletStore(pool: PostgresPool, schema: string): WalletPart {
  const sql = walletStatements(schema)

  const chargeValues = (cmd: ChargeCommand & { readonly now: Date }): readonly unknown[] => [
    cmd.userId,
    cmd.amount,
    cmd.maxBalance,
    cmd.entryId,
    cmd.now,
    cmd.idempotencyKey,
  ]
  const credited = (cmd: ChargeCommand, row: LedgerRow | undefined): Result<ChargeOutcome, ChargeLimitExceeded> =>
    row === undefined
      ? err(chargeLimitExceeded(cmd.amount, cmd.maxBalance, 'balance'))
      : ok(receipt(toLedgerEntry(row)))

  return {
    charge: (cmd) => {
      const key = cmd.idempotencyKey
      if (key === null) {
        return runStatement<LedgerRow>(pool, sql.charge, chargeValues(cmd)).andThen(([row]) => credited(cmd, row))
      }
      const fingerprint = chargeFingerprint(cmd.amount)
      const values = [cmd.userId, key, fingerprint, cmd.amount, cmd.maxBalance, cmd.entryId, cmd.now]
      const attempt = (): ResultAsync<ChargeOutcome, ChargeLimitExceeded | IdempotencyConflict | AttemptError<never>> =>
        attemptStatement<ChargeAttemptRow>(pool, sql.chargeKeyed, values).andThen(([row]) => {
          if (row === undefined || row.outcome === 'retry') return err(retry)
          if (row.outcome === 'key_taken') {
            const stored: IdempotencyRecord = {
              userId: cmd.userId,
              key,
              operation: row.stored_operation ?? 'charge',
              fingerprint: row.stored_fingerprint ?? '',
              resultId: row.entry_id ?? '',
              createdAt: cmd.now,
            }
            // charge_wallet answers the entry only when the record matches, as matchIdempotency decides.
            return matchIdempotency(stored, 'charge', key, fingerprint).map(() =>
              receipt(toLedgerEntry(row as LedgerRow)),
            )
          }
          return credited(cmd, row.outcome === 'charged' ? (row as LedgerRow) : undefined)
        })
      return withRetries(attempt)
    },

    balance: ({ userId }) =>
      runStatement<{ readonly balance: string }>(pool, sql.balance, [userId]).map(([row]) => Number(row?.balance ?? 0)),

    history: ({ userId, limit }) =>
      runStatement<LedgerRow>(pool, sql.history, [userId, limit]).map((rows) => rows.map(toLedgerEntry)),
  }
}
