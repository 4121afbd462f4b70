import { packageBuild } from '../../tsup.shared.js'

// `shims` gives the CommonJS build an `import.meta.url`, which `migrate` uses
// to find the shipped `migrations/` folder beside `dist/`.
export default packageBuild({ shims: true })
