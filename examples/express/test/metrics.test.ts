import { describeHttpMetrics } from '@boxoffice/http-kit/testing'
import { createApp } from '../src/app.ts'

describeHttpMetrics('the Express server: metrics and traces', { createApp })
