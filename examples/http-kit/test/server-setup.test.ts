import { createBoxOffice } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { openApiDocument, readServerConfig, redactUrl, seedDemoConcert, selectStores } from '../src/index.ts'

describe('readServerConfig', () => {
  it('defaults to 127.0.0.1:3000 with admin routes off', () => {
    expect(readServerConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      adminToken: undefined,
      logLevel: 'info',
      schedulerIntervalMs: 1_000,
      bodyLimitBytes: 16_384,
    })
  })

  it('reads the environment, treating empty variables as unset', () => {
    const config = readServerConfig({
      PORT: '8080',
      HOST: '::1',
      ADMIN_TOKEN: 's3cret',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_MS: '',
    })
    expect(config).toMatchObject({
      port: 8080,
      host: '::1',
      adminToken: 's3cret',
      logLevel: 'warn',
      schedulerIntervalMs: 1_000,
    })
    expect(readServerConfig({ ADMIN_TOKEN: '' }).adminToken).toBeUndefined()
  })

  it('stops at start on a malformed value, naming the variable', () => {
    expect(() => readServerConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => readServerConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
  })
})

describe('selectStores', () => {
  it('runs in memory when nothing is configured, and seeds a demo concert there', async () => {
    const stores = await selectStores({})
    try {
      expect(stores.labels).toEqual({ queue: 'memory', booking: 'memory' })
      expect(stores.inMemoryBooking).toBe(true)
      expect((await stores.check()).isOk()).toBe(true)
      const box = createBoxOffice({ queue: stores.queue, booking: stores.booking })
      const seeded = (await seedDemoConcert(box))._unsafeUnwrap()
      expect(seeded.schedules).toHaveLength(2)
      const seats = (await box.catalog.listSeats({ scheduleId: seeded.schedules[0]?.scheduleId ?? '' }))._unsafeUnwrap()
      expect(seats.seats).toHaveLength(50)
      expect(new Set(seats.seats.map((seat) => seat.price)).size).toBeGreaterThan(1)
    } finally {
      await stores.close()
    }
  })

  it('masks passwords in the URLs it prints', () => {
    expect(redactUrl('postgres://app:hunter2@db.internal:5432/sale')).toBe('postgres://app:***@db.internal:5432/sale')
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379')
    expect(redactUrl('not a url')).toBe('(unparsable URL)')
  })
})

describe('the OpenAPI document', () => {
  it('declares every path parameter and names every operation once', () => {
    const document = openApiDocument()
    const ids: string[] = []
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const operation of Object.values(
        item as Record<string, { operationId: string; parameters?: { in: string; name: string }[] }>,
      )) {
        ids.push(operation.operationId)
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
        expect(declared.sort(), `${path} ${operation.operationId}`).toEqual(templated.sort())
      }
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(document.components?.securitySchemes).toHaveProperty('adminBearer')
  })
})
