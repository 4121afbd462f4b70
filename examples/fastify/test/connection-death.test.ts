import { describeHttpConnectionDeath } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpConnectionDeath('the Fastify server on Postgres and Redis, its Postgres connections dying', createApp)
