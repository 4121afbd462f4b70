import type { oas31 } from 'zod-openapi'
import type { ApiRoute } from './api-route.js'
import { reply } from './http-exchange.js'
import { createOpenApiDocument } from './openapi-document.js'
import { describeOperation } from './openapi-operation.js'
import { adminRoutes } from './routes/admin-routes.js'
import { catalogRoutes } from './routes/catalog-routes.js'
import { holdRoutes } from './routes/hold-routes.js'
import { lineRoutes } from './routes/line-routes.js'
import { paymentRoutes } from './routes/payment-routes.js'
import { queueRoutes } from './routes/queue-routes.js'
import { healthRoute } from './routes/system-routes.js'
import { walletRoutes } from './routes/wallet-routes.js'

let document: oas31.OpenAPIObject | undefined

const openApiRoute: ApiRoute = {
  method: 'GET',
  path: '/openapi.json',
  operation: describeOperation({
    operationId: 'openApiDocument',
    summary: 'This API as an OpenAPI 3.1 document',
    tag: 'system',
    success: { status: 200, description: 'The document.' },
    errors: {},
  }),
  handle: async () => reply(200, openApiDocument()),
}

/**
 * Every route of the example API, in the order the servers mount them.
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
  healthRoute,
  openApiRoute,
]

/** The OpenAPI document of {@link apiRoutes}, built once. */
export function openApiDocument(): oas31.OpenAPIObject {
  document ??= createOpenApiDocument(apiRoutes)
  return document
}
