import { describeHttpApi, postgresRedisStores } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpApi('the Fastify server on Postgres (booking) and Redis (queue)', {
  createApp,
  makeStores: postgresRedisStores('fastify'),
})
