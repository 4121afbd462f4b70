import { expect } from 'vitest'
import { balanceSchema, concertSchema, holdSchema, scheduleSchema, ticketSchema } from '../../src/index.ts'
import type { ApiResponse } from './http-client.ts'
import type { Harness } from './server-harness.ts'

/*
 * Steps of a sale over HTTP, shared by the suite's tests. Each checks its own
 * reply (status and documented shape), so a test reads as the story it tells.
 */

let users = 0
/** A user nobody else in the run uses. */
export const newUser = (): string => `buyer-${++users}-${Math.random().toString(36).slice(2, 8)}`

export interface TestConcert {
  readonly concertId: string
  readonly scheduleIds: readonly string[]
}

export interface Buyer {
  readonly userId: string
  readonly token: string
  /** X-User-Id and Queue-Token. */
  readonly headers: Readonly<Record<string, string>>
}

export const expectStatus = (response: ApiResponse, status: number): ApiResponse => {
  expect(response.status, JSON.stringify(response.body)).toBe(status)
  return response
}

export const adminHeaders = (h: Harness): Record<string, string> => ({ authorization: `Bearer ${h.adminToken}` })

/** A concert with `dates` dates of `seats` seats at `price`, set up through the admin routes. */
export async function createConcert(
  h: Harness,
  { seats = 10, price = 50_000, dates = 1 }: { seats?: number; price?: number; dates?: number } = {},
): Promise<TestConcert> {
  const created = expectStatus(
    await h.call('POST', '/admin/concerts', { headers: adminHeaders(h), json: { title: 'Test Night' } }),
    201,
  )
  const { concertId } = concertSchema.parse(created.body)
  const scheduleIds: string[] = []
  for (let day = 1; day <= dates; day++) {
    const startsAt = new Date(h.clock.now().getTime() + day * 86_400_000).toISOString()
    const added = await h.call('POST', `/admin/concerts/${concertId}/schedules`, {
      headers: adminHeaders(h),
      json: { startsAt, seats, price },
    })
    scheduleIds.push(scheduleSchema.parse(expectStatus(added, 201).body).scheduleId)
  }
  return { concertId, scheduleIds }
}

/** Joins the line: 201 and a WAITING (or already ACTIVE) ticket. */
export async function enterQueue(h: Harness, userId: string, concertId: string) {
  const response = await h.call('POST', '/queue/tokens', { headers: { 'x-user-id': userId }, json: { concertId } })
  return ticketSchema.parse(expectStatus(response, 201).body)
}

/** A user who queued and was admitted by a scheduler tick. */
export async function admittedBuyer(h: Harness, concertId: string, userId: string = newUser()): Promise<Buyer> {
  const ticket = await enterQueue(h, userId, concertId)
  await h.scheduler.tick()
  const headers = { 'x-user-id': userId, 'queue-token': ticket.token }
  const status = ticketSchema.parse(expectStatus(await h.call('GET', '/queue/tokens/current', { headers }), 200).body)
  expect(status.status).toBe('ACTIVE')
  return { userId, token: ticket.token, headers }
}

export async function holdSeat(h: Harness, buyer: Buyer, scheduleId: string, seatNo: number) {
  const response = await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId, seatNo } })
  return holdSchema.parse(expectStatus(response, 201).body)
}

export async function charge(h: Harness, userId: string, amount: number, idempotencyKey?: string): Promise<number> {
  const headers = {
    'x-user-id': userId,
    ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
  }
  const response = await h.call('POST', '/wallet/charges', { headers, json: { amount } })
  return balanceSchema.parse(expectStatus(response, 200).body).balance
}

export async function balanceOf(h: Harness, userId: string): Promise<number> {
  const response = await h.call('GET', '/wallet', { headers: { 'x-user-id': userId } })
  return balanceSchema.parse(expectStatus(response, 200).body).balance
}

export const payHeaders = (buyer: Buyer, idempotencyKey: string): Record<string, string> => ({
  ...buyer.headers,
  'idempotency-key': idempotencyKey,
})
