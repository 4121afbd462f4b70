import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import express, { type Request } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoxOfficeRouter, type FailureLog } from '../src/index.js'

const box = createBoxOffice(createMemoryStores())
const identified: string[] = []
const failures: string[] = []
const logger: FailureLog = { error: (_details, message) => failures.push(message) }
let server: Server
let base = ''

beforeAll(async () => {
  const app = express()
  app.post('/host/echo', express.json(), (request, response) => {
    response.json({ echoed: request.body as unknown })
  })
  app.use(
    '/api',
    createBoxOfficeRouter({
      box,
      logger,
      openApi: { prefix: '/api' },
      identify: async (request: Request) => {
        identified.push(request.originalUrl)
        const session = request.headers['x-session']
        if (session === 'broken') throw new Error('the session store is down')
        return session === 'session-ada' ? 'ada' : undefined
      },
    }),
  )
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function call(method: string, path: string, headers: Record<string, string> = {}, json?: object) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: json === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}

describe('the boxoffice Express router', () => {
  it('serves the API where it is mounted, the caller named by the host identify hook', async () => {
    const charged = await call('POST', '/api/wallet/charges', { 'x-session': 'session-ada' }, { amount: 40 })
    expect(charged).toEqual({ status: 200, body: { balance: 40 } })
    const balance = await box.wallet.balance({ userId: 'ada' })
    expect(balance.isOk() && balance.value).toBe(40)
  })

  it('answers 401 MissingIdentity when identify names nobody, and 500 when it throws (logged with its cause)', async () => {
    const anonymous = await call('GET', '/api/wallet')
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toMatchObject({ error: { type: 'MissingIdentity' } })
    failures.length = 0
    const broken = await call('GET', '/api/wallet', { 'x-session': 'broken' })
    expect(broken).toEqual({
      status: 500,
      body: { error: { type: 'InternalError', message: 'the server failed unexpectedly' } },
    })
    expect(failures).toEqual(['InternalError: the server failed unexpectedly'])
  })

  it('runs identify only on routes that act for a user', async () => {
    identified.length = 0
    expect((await call('GET', '/api/concerts')).status).toBe(200)
    expect((await call('GET', '/api/health')).status).toBe(200)
    expect(identified).toEqual([])
    await call('GET', '/api/wallet', { 'x-session': 'session-ada' })
    expect(identified).toEqual(['/api/wallet'])
  })

  it('leaves the host routes to the host, and answers unknown paths under it in the error shape', async () => {
    expect(await call('POST', '/host/echo', {}, { any: 'json' })).toEqual({
      status: 200,
      body: { echoed: { any: 'json' } },
    })
    expect(await call('GET', '/api/nowhere')).toEqual({
      status: 404,
      body: {
        error: { type: 'RouteNotFound', message: 'no route GET /api/nowhere', method: 'GET', path: '/api/nowhere' },
      },
    })
  })

  it('serves its OpenAPI document with the mount point as the server URL', async () => {
    const document = (await call('GET', '/api/openapi.json')).body as { servers: unknown }
    expect(document.servers).toEqual([{ url: '/api' }])
  })
})
