import { describeHttpApi, postgresRedisStores } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpApi('the Express server on Postgres (booking) and Redis (queue)', {
  createApp,
  makeStores: postgresRedisStores('express'),
})
