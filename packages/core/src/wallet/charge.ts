import { err, ok, type Result } from 'neverthrow'
import { chargeLimitExceeded, type ChargeLimitExceeded } from '../errors.js'
import type { LedgerEntry } from './ledger.js'

/** What `applyCharge` is asked to add to a wallet. */
export interface ChargeCommand {
  readonly entryId: string
  readonly userId: string
  readonly amount: number
  readonly idempotencyKey: string | null
  /** `charge.maxBalance` of the policy. */
  readonly maxBalance: number
}

/** Adds points to a balance, refusing to pass the balance limit. */
export function applyCharge(balance: number, cmd: ChargeCommand, now: Date): Result<LedgerEntry, ChargeLimitExceeded> {
  const balanceAfter = balance + cmd.amount
  if (balanceAfter > cmd.maxBalance) return err(chargeLimitExceeded(cmd.amount, cmd.maxBalance, 'balance'))
  return ok({
    entryId: cmd.entryId,
    userId: cmd.userId,
    kind: 'CHARGE',
    amount: cmd.amount,
    balanceAfter,
    at: now,
    paymentId: null,
    idempotencyKey: cmd.idempotencyKey,
  })
}
