import {
  chargeLimitExceeded,
  type ChargeLimitExceeded,
  type IdempotencyConflict,
  type LedgerEntry,
} from '@boxoffice/core'
import { chargeFingerprint, type BookingStore, type ChargeCommand, type ChargeOutcome } from '@boxoffice/core/adapter'
import { err, ok, type Result } from 'neverthrow'
import { runStatement, runTransaction } from '../atomic.js'
import { retry, type Retry } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { execute, statement } from '../statement.js'
import { LEDGER_COLUMNS, toLedgerEntry, type LedgerRow } from './booking-rows.js'
import { claimKey, idempotencyStatements } from './idempotency-keys.js'

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
    readEntry: statement(`SELECT ${LEDGER_COLUMNS} FROM ${s}.ledger_entries WHERE entry_id = $1`),
    balance: statement(`SELECT balance FROM ${s}.wallets WHERE user_id = $1`),
    history: statement(`
      SELECT ${LEDGER_COLUMNS} FROM ${s}.ledger_entries WHERE user_id = $1 ORDER BY position DESC LIMIT $2`),
  }
}

const receipt = (entry: LedgerEntry): ChargeOutcome => ({ balance: entry.balanceAfter, entry })

/** Wallets and their ledger. A charge without a key is one statement; with a key, one transaction. */
export function createWalletStore(pool: PostgresPool, schema: string): WalletPart {
  const sql = walletStatements(schema)
  const keys = idempotencyStatements(schema)

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
      return runTransaction(
        pool,
        async (tx): Promise<Result<ChargeOutcome, ChargeLimitExceeded | IdempotencyConflict | Retry>> => {
          const claim = await claimKey(tx, keys, {
            userId: cmd.userId,
            key,
            operation: 'charge',
            fingerprint: chargeFingerprint(cmd.amount),
            resultId: cmd.entryId,
            createdAt: cmd.now,
          })
          if (claim.isErr()) return err(claim.error)
          if (claim.value.kind === 'replay') {
            const [entry] = await execute<LedgerRow>(tx, sql.readEntry, [claim.value.resultId])
            return entry === undefined ? err(retry) : ok(receipt(toLedgerEntry(entry)))
          }
          const [row] = await execute<LedgerRow>(tx, sql.charge, chargeValues(cmd))
          return credited(cmd, row)
        },
      )
    },

    balance: ({ userId }) =>
      runStatement<{ readonly balance: string }>(pool, sql.balance, [userId]).map(([row]) => Number(row?.balance ?? 0)),

    history: ({ userId, limit }) =>
      runStatement<LedgerRow>(pool, sql.history, [userId, limit]).map((rows) => rows.map(toLedgerEntry)),
  }
}
