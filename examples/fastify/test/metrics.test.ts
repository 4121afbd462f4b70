import { describeHttpMetrics } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpMetrics('the Fastify server: metrics and traces', { createApp })
