import { createDocument, type oas31, type ZodOpenApiPathsObject } from 'zod-openapi'
import type { ApiRoute } from './api-route.js'
import { SECURITY_SCHEMES } from './openapi-operation.js'

/** How the document describes where the API is mounted and how callers authenticate. */
export interface OpenApiOptions {
  /** Where the routes are mounted (`/api`); the document's server URL. Default `/`. */
  readonly prefix?: string
  /**
   * How your application authenticates the callers `identify` names (default:
   * a bearer token). The example servers, which trust an `X-User-Id` header,
   * pass `{ type: 'apiKey', in: 'header', name: 'X-User-Id' }`.
   */
  readonly userSecurity?: oas31.SecuritySchemeObject
  /** The document's version (`info.version`); default the package's major.minor. */
  readonly version?: string
}

/** `/concerts/:concertId/dates` -> `/concerts/{concertId}/dates`. */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}')

const DEFAULT_USER_SECURITY: oas31.SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  description: "Your application's own authentication: its identify hook names the caller from the request.",
}

/**
 * The OpenAPI 3.1 document of a route table, generated from the same zod
 * schemas the routes validate with.
 *
 * @example
 * ```ts
 * const document = createOpenApiDocument(apiRoutes, { prefix: '/api' })
 * ```
 */
export function createOpenApiDocument(routes: readonly ApiRoute[], options: OpenApiOptions = {}): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {}
  for (const route of routes) {
    const key = openApiPath(route.path)
    paths[key] = { ...paths[key], [route.method.toLowerCase()]: route.operation }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'boxoffice API',
      version: options.version ?? '0.1.0',
      description:
        'A ticket sale over HTTP: join the waiting room, wait to be admitted, hold a seat, charge points, pay. ' +
        'The caller is identified by the host application (the `user` security scheme); gated calls also need ' +
        'the Queue-Token header. Every error is `{ "error": { "type", "message", ... } }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.prefix === undefined || options.prefix === '' ? '/' : options.prefix }],
    tags: [
      { name: 'catalog', description: 'What is on sale.' },
      { name: 'queue', description: 'The waiting room.' },
      { name: 'holds', description: 'Seats held while you pay.' },
      { name: 'wallet', description: 'Points to pay with.' },
      { name: 'payments', description: 'A hold becomes a sale.' },
      { name: 'events', description: 'Live seat events (Server-Sent Events).' },
      { name: 'admin', description: 'Setting up concerts and dates.' },
      { name: 'system', description: 'Health and this document.' },
    ],
    components: {
      securitySchemes: {
        [SECURITY_SCHEMES.user]: options.userSecurity ?? DEFAULT_USER_SECURITY,
        [SECURITY_SCHEMES.admin]: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin token the server was configured with.',
        },
      },
    },
    paths,
  })
}
