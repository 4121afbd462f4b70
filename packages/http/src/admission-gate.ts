import {
  tokenConcertMismatch,
  type BoxOffice,
  type QueueToken,
  type StoreError,
  type TokenError,
  type ValidationFailed,
} from '@boxoffice/core'
import { err, ok, type Result, type ResultAsync } from 'neverthrow'

export type GateError = ValidationFailed | TokenError | StoreError

/**
 * The gate in front of dates, seats and holds: the caller's token must be
 * theirs, ACTIVE and unexpired (`box.queue.authorize`).
 */
export function admitCaller(box: BoxOffice, userId: string, token: string): ResultAsync<QueueToken, GateError> {
  return box.queue.authorize({ userId, token })
}

/** An admitted token opens one concert only: the one it queued for. */
export function requireConcert(admitted: QueueToken, concertId: string): Result<QueueToken, TokenError> {
  return admitted.concertId === concertId ? ok(admitted) : err(tokenConcertMismatch(admitted.token, admitted.concertId))
}
