import type { oas31 } from 'zod-openapi'
import { defineRoute, type ApiRoute } from './api-route.js'
import { reply } from './http-exchange.js'
import { createOpenApiDocument, type OpenApiOptions } from './openapi-document.js'
import { adminRoutes } from './routes/admin-routes.js'
import { catalogRoutes } from './routes/catalog-routes.js'
import { eventRoutes } from './routes/event-routes.js'
import { holdRoutes } from './routes/hold-routes.js'
import { lineRoutes } from './routes/line-routes.js'
import { paymentRoutes } from './routes/payment-routes.js'
import { queueRoutes } from './routes/queue-routes.js'
import { healthRoute } from './routes/system-routes.js'
import { walletRoutes } from './routes/wallet-routes.js'

const documents = new WeakMap<OpenApiOptions, oas31.OpenAPIObject>()
const DEFAULTS: OpenApiOptions = {}

const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  auth: 'public',
  operationId: 'openApiDocument',
  summary: 'This API as an OpenAPI 3.1 document',
  tag: 'system',
  success: { status: 200, description: 'The document.' },
  errors: [],
  example: {},
  handle: async (_request, { openApi }) => reply(200, openApiDocument(openApi)),
})

/**
 * Every route of the API, in the order the servers mount them.
 *
 * @example
 * ```ts
 * for (const route of apiRoutes) app.route({ method: route.method, url: route.path, handler: mount(route) })
 * ```
 */
export const apiRoutes: readonly ApiRoute[] = [
  ...catalogRoutes,
  ...queueRoutes,
  ...holdRoutes,
  ...walletRoutes,
  ...paymentRoutes,
  ...adminRoutes,
  ...lineRoutes,
  ...eventRoutes,
  healthRoute,
  openApiRoute,
]

/**
 * The OpenAPI document of {@link apiRoutes}, built once per options object.
 *
 * @example
 * ```ts
 * const document = openApiDocument({ prefix: '/api' })
 * ```
 */
export function openApiDocument(options: OpenApiOptions = DEFAULTS): oas31.OpenAPIObject {
  let document = documents.get(options)
  if (document === undefined) {
    document = createOpenApiDocument(apiRoutes, options)
    documents.set(options, document)
  }
  return document
}
