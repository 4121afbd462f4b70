import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp as createExpressApp } from '@boxoffice/example-express'
import { createApp as createFastifyApp } from '@boxoffice/example-fastify'
import { createWebApp } from '@boxoffice/http-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWebApp, DEFAULT_OUT_DIR, JS_BUDGET_BYTES } from '../scripts/web-build.ts'
import { startWebServer, type CreateApp, type WebServer } from './support/web-server.ts'

let scriptName = ''
beforeAll(async () => {
  const built = await buildWebApp()
  expect(built.javascriptBytes).toBeLessThanOrEqual(JS_BUDGET_BYTES)
  scriptName = (await readdir(join(DEFAULT_OUT_DIR, 'assets'))).find((name) => name.endsWith('.js')) ?? ''
})

describe('the web build', () => {
  it('refuses JavaScript over its budget and writes nothing', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'boxoffice-web-'))
    try {
      await expect(buildWebApp({ outDir, budgetBytes: 1_000 })).rejects.toThrow(/over its 1\.0 KB budget/)
      await expect(readdir(outDir)).resolves.toEqual([])
    } finally {
      await rm(outDir, { recursive: true, force: true })
    }
  })

  it('names every asset by its content and lists each one in index.html', async () => {
    const index = await readFile(join(DEFAULT_OUT_DIR, 'index.html'), 'utf8')
    const assets = await readdir(join(DEFAULT_OUT_DIR, 'assets'))
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const name of assets) {
      expect(name).toMatch(/^main-[A-Z0-9]{8}\.(js|css)$/)
      expect(index).toContain(`/assets/${name}`)
    }
    expect(index).not.toMatch(/https?:\/\//)
  })

  it('answers 503 with what to run while the app is not built', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'boxoffice-web-'))
    try {
      const answer = await createWebApp(empty)('/', {})
      expect(answer.status).toBe(503)
      expect(String(answer.body)).toContain('pnpm --filter @boxoffice/example-web build')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})

describe.each<[string, CreateApp]>([
  ['Fastify', createFastifyApp],
  ['Express', createExpressApp],
])('the %s server serving the web app', (_name, createApp) => {
  let server: WebServer
  beforeAll(async () => {
    server = await startWebServer(createApp)
  })
  afterAll(() => server?.stop())

  it('serves index.html as no-cache, revalidated by its ETag, under a strict content security policy', async () => {
    const page = await fetch(`${server.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    const etag = page.headers.get('etag') ?? ''
    expect(etag).toMatch(/^".+"$/)
    expect(await page.text()).toContain(`/assets/${scriptName}`)

    const again = await fetch(`${server.url}/`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const head = await fetch(`${server.url}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('serves hashed assets as immutable for a year, compressed as the browser accepts', async () => {
    const bytes = await readFile(join(DEFAULT_OUT_DIR, 'assets', scriptName))
    const plain = await fetch(`${server.url}/assets/${scriptName}`, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(plain.headers.get('vary')).toBe('accept-encoding')
    expect(plain.headers.get('content-encoding')).toBe(null)
    expect(Buffer.from(await plain.arrayBuffer()).equals(bytes)).toBe(true)

    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${server.url}/assets/${scriptName}`, { headers: { 'accept-encoding': encoding } })
      expect(response.headers.get('content-encoding')).toBe(encoding)
      // fetch decodes the body itself: what arrived is the file, and it travelled smaller.
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
      expect(Number(response.headers.get('content-length'))).toBeLessThan(bytes.byteLength / 2)
    }
    const refused = await fetch(`${server.url}/assets/${scriptName}`, {
      headers: { 'accept-encoding': 'br;q=0, gzip' },
    })
    expect(refused.headers.get('content-encoding')).toBe('gzip')
  })

  it('answers an unknown asset with 404 RouteNotFound, in the API error shape', async () => {
    for (const path of ['/assets/main-NOPE.js', '/assets/..%2Fpackage.json', '/assets/index.html']) {
      const response = await fetch(`${server.url}${path}`)
      expect(response.status, path).toBe(404)
      expect(((await response.json()) as { error: { type: string } }).error.type, path).toBe('RouteNotFound')
    }
  })
})
