import { createHash, timingSafeEqual } from 'node:crypto'
import { err, ok, type Result } from 'neverthrow'
import { adminDisabled, adminUnauthorized, type AdminDisabled, type AdminUnauthorized } from './api-error.js'
import type { HttpRequestParts } from './http-exchange.js'

// Digests first, so the comparison takes the same time whatever the lengths.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`, and are off when no token is configured. */
export function requireAdmin(
  headers: HttpRequestParts['headers'],
  adminToken: string | undefined,
): Result<void, AdminDisabled | AdminUnauthorized> {
  if (adminToken === undefined) return err(adminDisabled())
  const header = headers['authorization']
  const presented = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header)?.[1] : undefined
  if (presented === undefined || !timingSafeEqual(digest(presented), digest(adminToken))) {
    return err(adminUnauthorized())
  }
  return ok(undefined)
}
