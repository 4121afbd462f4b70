import { err, ok, type Result } from 'neverthrow'
import {
  malformedRequest,
  unsupportedCharset,
  unsupportedContentEncoding,
  unsupportedMediaType,
  type MalformedRequest,
  type UnsupportedMediaType,
} from './api-error.js'
import type { HeaderValue, HttpRequestParts } from './http-exchange.js'

type Headers = HttpRequestParts['headers']

const first = (value: HeaderValue): string | undefined => (typeof value === 'string' ? value : value?.[0])

/** Methods whose routes take no body: a body sent with one is refused, not ignored. */
const BODILESS = new Set(['GET', 'HEAD', 'DELETE'])

/** Chunked, or a Content-Length above zero. */
function carriesBody(headers: Headers): boolean {
  if (headers['transfer-encoding'] !== undefined) return true
  return Number(first(headers['content-length']) ?? 0) !== 0
}

/** The `charset` parameter of a Content-Type, unquoted; undefined when there is none. */
function charsetOf(parameters: readonly string[]): string | undefined {
  for (const parameter of parameters) {
    const at = parameter.indexOf('=')
    if (at < 0 || parameter.slice(0, at).trim().toLowerCase() !== 'charset') continue
    return parameter
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
  }
  return undefined
}

/**
 * What both servers check of a request's body before reading it, so they
 * refuse the same requests the same way: a body on GET, HEAD or DELETE (400);
 * a body with a `Content-Encoding` other than `identity` (415: bodies are a
 * few ids and numbers, and a compressed one could inflate far past the body
 * limit); a Content-Type other than `application/json`, or a charset other
 * than UTF-8 (415, RFC 8259 JSON is UTF-8). Undefined when the request may go on.
 *
 * @example
 * ```ts
 * const refused = checkRequestBody(request.method, request.headers)
 * if (refused !== undefined) return send(response, toErrorReply(refused))
 * ```
 */
export function checkRequestBody(
  method: string,
  headers: Headers,
): MalformedRequest | UnsupportedMediaType | undefined {
  const verb = method.toUpperCase()
  const body = carriesBody(headers)
  if (BODILESS.has(verb)) return body ? malformedRequest(`a ${verb} request takes no body`) : undefined
  const contentType = first(headers['content-type'])
  if (!body && contentType === undefined) return undefined
  const encoding = first(headers['content-encoding'])?.trim().toLowerCase()
  if (body && encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    return unsupportedContentEncoding(encoding)
  }
  const [media = '', ...parameters] = (contentType ?? '').split(';')
  if (media.trim().toLowerCase() !== 'application/json') return unsupportedMediaType()
  const charset = charsetOf(parameters)
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase())) return unsupportedCharset(charset)
  return undefined
}

/**
 * A request body as both servers read it: empty (or blank) is no body at all,
 * anything else must be one JSON value (which the route then validates, so a
 * string or `null` is a ValidationFailed of `body`, the same on both).
 *
 * @example
 * ```ts
 * parseJsonBody('{"amount": 5}') // ok({ amount: 5 })
 * parseJsonBody('') // ok(undefined)
 * ```
 */
export function parseJsonBody(text: string): Result<unknown, MalformedRequest> {
  if (text.trim() === '') return ok(undefined)
  try {
    return ok(JSON.parse(text) as unknown)
  } catch {
    return err(malformedRequest('the body is not valid JSON'))
  }
}

/**
 * A path that is not valid percent-encoding, refused before routing (as
 * Fastify's router does), so a bad escape is 400 whether or not a route
 * matches. The query string is left to the query parser.
 */
export function checkRequestPath(url: string): MalformedRequest | undefined {
  const path = url.split('?', 1)[0] ?? url
  try {
    decodeURIComponent(path)
    return undefined
  } catch {
    return malformedPath()
  }
}

export const malformedPath = (): MalformedRequest => malformedRequest('the path is not valid percent-encoding')
