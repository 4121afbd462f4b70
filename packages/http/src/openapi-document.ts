import { createDocument, type oas31, type ZodOpenApiPathsObject } from 'zod-openapi'
import type { ApiRoute } from './api-route.js'

/** `/concerts/:concertId/dates` -> `/concerts/{concertId}/dates`. */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}')

/**
 * The OpenAPI 3.1 document of a route table, generated from the same zod
 * schemas the routes validate with.
 *
 * @example
 * ```ts
 * const document = createOpenApiDocument(apiRoutes)
 * ```
 */
export function createOpenApiDocument(routes: readonly ApiRoute[]): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {}
  for (const route of routes) {
    const key = openApiPath(route.path)
    paths[key] = { ...paths[key], [route.method.toLowerCase()]: route.operation }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'boxoffice example API',
      version: '0.1.0',
      description:
        'A ticket sale over HTTP: join the waiting room, wait to be admitted, hold a seat, charge points, pay. ' +
        'The caller is identified by the X-User-Id header (a stand-in for your own authentication); gated calls ' +
        'also need the Queue-Token header. Every error is `{ "error": { "type", "message", ... } }`.',
    },
    tags: [
      { name: 'catalog', description: 'What is on sale.' },
      { name: 'queue', description: 'The waiting room.' },
      { name: 'holds', description: 'Seats held while you pay.' },
      { name: 'wallet', description: 'Points to pay with.' },
      { name: 'payments', description: 'A hold becomes a sale.' },
      { name: 'admin', description: 'Setting up concerts and dates.' },
      { name: 'system', description: 'Health and this document.' },
    ],
    components: { securitySchemes: { adminBearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  })
}
