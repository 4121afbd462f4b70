import { seatUnavailable } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { classifyPostgresError } from '../src/classify-postgres-error.js'

const serverError = (code: string, constraint?: string): Error =>
  Object.assign(new Error(`server said ${code}`), { code, constraint })

describe('classifying driver errors', () => {
  it('asks for a retry on a serialization failure or a deadlock', () => {
    expect(classifyPostgresError(serverError('40001')).type).toBe('Retry')
    expect(classifyPostgresError(serverError('40P01')).type).toBe('Retry')
  })

  it('turns a violated constraint into the domain error it means for the call', () => {
    const violations = { holds_one_claim_per_seat: () => seatUnavailable('s1', 7) }
    expect(classifyPostgresError(serverError('23P01', 'holds_one_claim_per_seat'), violations)).toEqual(
      seatUnavailable('s1', 7),
    )
  })

  it('reports a constraint the call did not expect as a conflict, never as an unavailable store', () => {
    expect(classifyPostgresError(serverError('23505', 'payments_pkey')).type).toBe('StoreConflict')
    expect(classifyPostgresError(serverError('23514')).type).toBe('StoreConflict')
  })

  it('reports refused, reset and terminated connections and timeouts as StoreUnavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    for (const cause of [
      refused,
      serverError('57P01'),
      serverError('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      const classified = classifyPostgresError(cause)
      expect(classified).toMatchObject({ type: 'StoreUnavailable', cause })
    }
  })
})
