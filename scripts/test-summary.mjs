// Prints one closing line for the whole suite (unit + end-to-end), from the JSON reports both runners write:
// "Tests: N passed, N failed, N skipped". Exits non-zero if a report is missing or anything failed.
import { readFileSync } from 'node:fs'

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    console.error(`test summary: cannot read ${path}: ${error.message}`)
    process.exit(1)
  }
}

const unit = read('reports/unit.json')
const e2e = read('reports/e2e.json')
const passed = unit.numPassedTests + (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0)
const failed = unit.numFailedTests + (e2e.stats.unexpected ?? 0)
const skipped = unit.numPendingTests + unit.numTodoTests + (e2e.stats.skipped ?? 0)
console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed; end-to-end: ${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`)
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
