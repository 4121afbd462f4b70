export {
  createOpenTelemetryInstrumentation,
  INSTRUMENTATION_SCOPE,
  type OpenTelemetryInstrumentationOptions,
} from './open-telemetry-instrumentation.js'
export { ATTRIBUTE } from './call-attributes.js'
