import type { HeaderValue, OpenApiOptions } from '@boxoffice/http'

/**
 * How the example servers authenticate: they trust an `X-User-Id` header, a
 * stand-in for the host application's real authentication (a session, a
 * verified JWT), which a team plugs in as its own `identify`.
 *
 * @example
 * ```ts
 * await app.register(boxoffice, { box, identify: (request) => userIdFromHeader(request.headers) })
 * ```
 */
export function userIdFromHeader(headers: Readonly<Record<string, HeaderValue>>): string | undefined {
  const value = headers['x-user-id']
  // A repeated header is joined as Node joins unknown ones, so it fails validation.
  const text = typeof value === 'string' ? value : value?.join(', ')
  return text === undefined || text.trim() === '' ? undefined : text
}

/** The security scheme the example servers' documents declare for {@link userIdFromHeader}. */
export const USER_ID_HEADER_SECURITY: NonNullable<OpenApiOptions['userSecurity']> = {
  type: 'apiKey',
  in: 'header',
  name: 'X-User-Id',
  description: 'The example servers trust this header as the caller: a stand-in for your own authentication.',
}

/** The example servers' OpenAPI options: mounted at the root, callers named by `X-User-Id`. */
export const EXAMPLE_OPENAPI: OpenApiOptions = { userSecurity: USER_ID_HEADER_SECURITY }
