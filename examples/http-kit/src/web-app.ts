import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { routeNotFound, toErrorReply, type HeaderValue } from '@boxoffice/http'

/** The paths the web app answers on; each server mounts them as GET routes (HEAD follows). */
export const WEB_APP_PATHS: readonly string[] = ['/', '/assets/:file']

/** The built app (`pnpm --filter @boxoffice/example-web build`, run by `pnpm build` and each example's start). */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url))

/** A file to send as it is: the body is bytes, never serialised as JSON. */
export interface WebAppReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer | string
}

interface Encoded {
  readonly identity: Buffer
  readonly br: Buffer
  readonly gzip: Buffer
  readonly etag: string
  readonly type: string
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
}
/** Names esbuild gives the assets (`main-5MXNZ2AB.js`); nothing else, so a path never leaves the folder. */
const ASSET_NAME = /^[\w-]+\.(js|css)$/
/** The app calls only its own origin and loads only its own files. */
const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}
const IMMUTABLE = 'public, max-age=31536000, immutable'

const encode = (bytes: Buffer, type: string): Encoded => ({
  identity: bytes,
  br: brotliCompressSync(bytes),
  gzip: gzipSync(bytes),
  etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
  type,
})

const first = (value: HeaderValue): string => (typeof value === 'string' ? value : (value?.[0] ?? ''))

/** Brotli or gzip when the browser takes them (and `q=0` does not refuse them), else the plain bytes. */
function negotiate(file: Encoded, acceptEncoding: string): { readonly body: Buffer; readonly encoding?: string } {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]),
  )
  if (accepted.has('br')) return { body: file.br, encoding: 'br' }
  if (accepted.has('gzip')) return { body: file.gzip, encoding: 'gzip' }
  return { body: file.identity }
}

function send(file: Encoded, headers: Readonly<Record<string, HeaderValue>>, extra: Record<string, string>) {
  const base = { ...extra, 'content-type': file.type, etag: file.etag, vary: 'accept-encoding' }
  const ifNoneMatch = first(headers['if-none-match'])
  if (ifNoneMatch.split(',').some((tag) => tag.trim() === file.etag)) return { status: 304, headers: base, body: '' }
  const { body, encoding } = negotiate(file, first(headers['accept-encoding']))
  return { status: 200, headers: encoding === undefined ? base : { ...base, 'content-encoding': encoding }, body }
}

/**
 * Serves the reference web app, whatever the framework: give it the request's URL and headers,
 * send back the reply as bytes. `index.html` is `no-cache` (revalidated by ETag, so a new build
 * shows at once); the assets carry their content hash in their name and are cached for a year as
 * `immutable`. Both are compressed once (brotli or gzip, as the browser accepts) and kept in memory.
 *
 * @example
 * ```ts
 * const webApp = createWebApp()
 * for (const path of WEB_APP_PATHS) {
 *   app.get(path, async (request, response) => {
 *     const file = await webApp(request.url, request.headers)
 *     response.status(file.status).set(file.headers).send(file.body)
 *   })
 * }
 * ```
 */
export function createWebApp(
  dir: string = DEFAULT_WEB_DIR,
): (url: string, headers: Readonly<Record<string, HeaderValue>>) => Promise<WebAppReply> {
  const assets = new Map<string, Encoded>()
  let index: { readonly text: string; readonly file: Encoded } | undefined

  const readIndex = async (): Promise<Encoded | undefined> => {
    // Read on every request (it is tiny and no-cache): a rebuild is served without a restart.
    const text = await readFile(join(dir, 'index.html'), 'utf8').catch(() => undefined)
    if (text === undefined) return undefined
    if (index?.text !== text) index = { text, file: encode(Buffer.from(text), TYPES['.html'] ?? '') }
    return index.file
  }
  const readAsset = async (name: string): Promise<Encoded | undefined> => {
    const known = assets.get(name)
    if (known !== undefined || !ASSET_NAME.test(name)) return known
    const bytes = await readFile(join(dir, 'assets', name)).catch(() => undefined)
    if (bytes === undefined) return undefined
    // A hashed name never changes content, so the first read is kept for good.
    const file = encode(bytes, TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream')
    assets.set(name, file)
    return file
  }

  return async (url, headers) => {
    const path = url.split('?')[0] ?? url
    if (path === '/') {
      const file = await readIndex()
      if (file === undefined) {
        return {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
          body: 'The web app is not built: run `pnpm --filter @boxoffice/example-web build` (or `pnpm build`).\n',
        }
      }
      return send(file, headers, { ...PAGE_SECURITY, 'cache-control': 'no-cache' })
    }
    // No decoding: a percent-escape can never match an asset's name, so it is simply not found.
    const name = path.startsWith('/assets/') ? path.slice('/assets/'.length) : ''
    const file = await readAsset(name)
    if (file !== undefined)
      return send(file, headers, { 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' })
    const missing = toErrorReply(routeNotFound('GET', path))
    return {
      status: missing.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(missing.body),
    }
  }
}
