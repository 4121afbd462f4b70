import { packageBuild } from '../../tsup.shared.js'

// Two entries: the facade (`@boxoffice/core`) and the store author's surface (`@boxoffice/core/adapter`).
export default packageBuild({ entry: ['src/index.ts', 'src/adapter.ts'] })
