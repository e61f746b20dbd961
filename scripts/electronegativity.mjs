// Runs Electronegativity (Doyensec's Electron security linter) over the app's sources and package.json, and
// fails on any finding of severity MEDIUM or above that .electronegativity.json does not excuse with a reason.
//
//   node scripts/electronegativity.mjs [--input PATH]... [--exceptions FILE]
//
// Offline by construction: Electronegativity fetches translations and Electron's release list at run time;
// here every HTTP(S) request from this process is refused before it leaves, so the result never depends on
// the network. The check that needs the release list is disabled in the exceptions file, with the reason.
// Exceptions name the check, the file and a piece of the flagged line (no line numbers, which drift), so an
// exception never covers a new finding elsewhere; an exception that matches nothing fails the run too.
import http from 'node:http'
import https from 'node:https'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const MEDIUM = 2
const MIN_REASON_LENGTH = 30

const { values } = parseArgs({
  options: {
    input: { type: 'string', multiple: true },
    exceptions: { type: 'string', default: '.electronegativity.json' },
  },
})
/**
 * The main process, preload and shared code (the renderer's .svelte files are not JavaScript to it, and the
 * page has no Electron API anyway), and package.json for its Electron version and npm scripts. The JSON checks
 * only for package.json: the global checks ("is there a CSP / a navigation limit anywhere?") judge one run's
 * files together, and package.json alone has none of them.
 */
const targets = values.input?.map((input) => ({ input, checks: [] })) ?? [
  { input: 'src', checks: [] },
  { input: 'package.json', checks: ['ElectronVersionJSONCheck', 'CustomArgumentsJSONCheck', 'SecurityWarningsDisabledJSONCheck'] },
]

let blockedRequests = 0
for (const module of [http, https]) {
  const refuse = () => {
    blockedRequests += 1
    throw new Error('electronegativity.mjs runs offline: network requests are refused')
  }
  module.request = refuse
  module.get = refuse
}
// Electronegativity loads messages for $LANG; the ones it ships are en-US, es-ES and fr-FR.
process.env.LANG = 'en-US'

const require = createRequire(import.meta.url)
const loaded = require('@doyensec/electronegativity')
const runElectronegativity = loaded.default ?? loaded
const electronVersion = require('electron/package.json').version

const exceptions = readExceptions(values.exceptions)
const problems = []
const excused = []
const used = new Set()
let scannedFiles = 0
let belowThreshold = 0
const silence = muteConsoleLog()

try {
  for (const { input, checks } of targets) {
    const result = await runElectronegativity(
      {
        input: resolve(input),
        isRelative: false,
        customScan: checks.map((check) => check.toLowerCase()),
        // With a list of checks to run, there is nothing to exclude (and Electronegativity exits on an
        // exclusion that names a check it did not load).
        excludeFromScan: checks.length > 0 ? [] : exceptions.disabledChecks.map((entry) => entry.check.toLowerCase()),
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    )
    for (const error of result.errors) {
      // A file Electronegativity could not parse is a file it did not check.
      if (!error.tolerable) problems.push(`could not parse ${relative('.', error.file)}: ${error.message}`)
    }
    const files = new Set()
    for (const issue of result.issues) {
      const file = relative('.', issue.file)
      files.add(file)
      if (issue.severity.value < MEDIUM) {
        belowThreshold += 1
        continue
      }
      const line = `${issue.id} (${issue.severity.name}, ${issue.confidence.name}) ${file}:${issue.location.line}: ${issue.sample ?? ''}`
      const exception = exceptions.findings.findIndex((entry) => entry.check === issue.id && entry.file === file && (issue.sample ?? '').includes(entry.match))
      if (exception === -1) problems.push(line)
      else {
        used.add(exception)
        excused.push(line)
      }
    }
    scannedFiles += files.size
  }
} finally {
  silence.restore()
}

exceptions.findings.forEach((entry, index) => {
  if (!used.has(index)) problems.push(`stale exception in ${values.exceptions}: ${entry.check} in ${entry.file} matching ${JSON.stringify(entry.match)} no longer occurs; remove it`)
})

console.log(`Electronegativity over ${targets.map((target) => target.input).join(', ')} (Electron ${electronVersion}, offline: ${blockedRequests} network request(s) refused)`)
for (const entry of exceptions.disabledChecks) console.log(`  disabled ${entry.check}: ${entry.reason}`)
for (const line of excused) console.log(`  excused (see ${values.exceptions}) ${line}`)
for (const line of problems) console.log(`  FAIL ${line}`)
console.log(`electronegativity: ${problems.length} finding(s) of medium severity or above, ${excused.length} excused, ${belowThreshold} below medium`)
process.exit(problems.length > 0 ? 1 : 0)

function readExceptions(path) {
  const file = JSON.parse(readFileSync(path, 'utf8'))
  const disabledChecks = file.disabledChecks ?? []
  const findings = file.findings ?? []
  for (const entry of [...disabledChecks, ...findings]) {
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < MIN_REASON_LENGTH) {
      console.error(`${path}: every exception needs a written reason of at least ${MIN_REASON_LENGTH} characters (${JSON.stringify(entry)})`)
      process.exit(1)
    }
  }
  for (const entry of findings) {
    if (typeof entry.check !== 'string' || typeof entry.file !== 'string' || typeof entry.match !== 'string' || entry.match === '') {
      console.error(`${path}: a finding exception names "check", "file" and a non-empty "match" (${JSON.stringify(entry)})`)
      process.exit(1)
    }
  }
  return { disabledChecks, findings }
}

/** Electronegativity prints progress and translation notices with console.log; only the verdict matters here. */
function muteConsoleLog() {
  const original = console.log
  console.log = () => {}
  return { restore: () => void (console.log = original) }
}
