// Which Node can start the app. Two numbers, because two different things run on Node:
// - Electron 45's own tooling (the `electron` package, @electron/get, electron-builder) declares Node ≥ 22.12.
//   That is what `npm start` and `npm run dist` lean on, so it is what `engines` says.
// - The tests (vitest, Playwright, the server) run on Node ≥ 20.19: the first 20.x where `require()` of an ES
//   module works without a flag, which @electron/get (ESM, loaded by Electron's CommonJS installer) needs.
// Between the two, starting usually works; we say so and go on rather than refuse a Node that can do the job.

/** Node that Electron's tooling declares. Keep in step with package.json `engines`. */
export const APP_NODE = '22.12.0'
/** Oldest Node the tests and Electron's installer can run on at all. */
export const TEST_NODE = '20.19.0'

/** @param {string} version like "v20.20.2" or "22.12.0" */
export function parseVersion(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)
  if (!match) throw new Error(`not a Node version: ${version}`)
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

function atLeast(version, minimum) {
  const have = parseVersion(version)
  const need = parseVersion(minimum)
  for (let index = 0; index < 3; index++) {
    if (have[index] !== need[index]) return have[index] > need[index]
  }
  return true
}

/**
 * @param {string} version process.version
 * @returns {{ verdict: 'ok' } | { verdict: 'warn' | 'refuse', message: string }}
 */
export function nodeSupport(version) {
  if (atLeast(version, APP_NODE)) return { verdict: 'ok' }
  const upgrade = `Install Node ${APP_NODE.replace(/\.0$/, '')} or newer (the current LTS is a good choice), then run npm start again.`
  if (!atLeast(version, TEST_NODE)) {
    return {
      verdict: 'refuse',
      message: `Tonghwa needs a newer Node to start: you have ${version}, and Electron's tools need Node ${APP_NODE} or newer (they cannot run at all before ${TEST_NODE}).\n${upgrade}`,
    }
  }
  return {
    verdict: 'warn',
    message: `Note: you have Node ${version}. Electron's tools ask for Node ${APP_NODE} or newer; they usually work on this one, so Tonghwa will try.\nIf starting fails, ${upgrade.charAt(0).toLowerCase()}${upgrade.slice(1)}`,
  }
}
