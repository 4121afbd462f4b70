import type { ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { healthSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const healthRoute: ApiRoute = {
  method: 'GET',
  path: '/health',
  operation: describeOperation({
    operationId: 'health',
    summary: 'Whether this process can reach its stores',
    description: 'For load balancers: 503 takes the process out of rotation until its stores answer again.',
    tag: 'system',
    success: { status: 200, description: 'Both stores answered.', schema: healthSchema },
    errors: { 503: 'StoreUnavailable' },
  }),
  handle: (_request, { checkStores }) => respond(checkStores(), () => reply(200, { status: 'ok' })),
}
