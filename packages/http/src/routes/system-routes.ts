import { defineRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { healthSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const healthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  auth: 'public',
  operationId: 'health',
  summary: 'Whether this process can reach its stores',
  description: 'For load balancers: 503 takes the process out of rotation until its stores answer again.',
  tag: 'system',
  success: { status: 200, description: 'Both stores answered.', schema: healthSchema },
  errors: ['StoreUnavailable', 'StoreConflict'],
  example: { response: examples.health },
  handle: (_request, { checkStores }) => respond(checkStores(), () => reply(200, { status: 'ok' })),
})
