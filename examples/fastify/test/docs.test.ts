import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApp, DOCS_PATH } from '../src/app.ts'

let url = ''
const server = createApp({ box: createBoxOffice(createMemoryStores()) })
beforeAll(async () => {
  url = await server.start({ port: 0, host: '127.0.0.1' })
})
afterAll(() => server.stop())

it('serves Swagger UI and its assets from the process itself, over the same document', async () => {
  const page = await (await fetch(`${url}${DOCS_PATH}`)).text()
  const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
  expect(assets).toContain(`${DOCS_PATH}/static/swagger-ui-bundle.js`)
  for (const asset of assets) {
    expect(asset.startsWith('/'), `${asset} is served locally`).toBe(true)
    const response = await fetch(`${url}${asset}`)
    expect(response.status, asset).toBe(200)
    expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0)
  }
  const shown = (await (await fetch(`${url}${DOCS_PATH}/json`)).json()) as { paths: object }
  const served = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: object }
  expect(Object.keys(shown.paths)).toEqual(Object.keys(served.paths))
})
