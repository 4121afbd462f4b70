import { describeHttpConnectionDeath } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpConnectionDeath('the Express server on Postgres and Redis, its Postgres connections dying', createApp)
