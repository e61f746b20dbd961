/**
 * docs/protocol.md, "Limits", is what operators and client authors read: each row's default must be the code's
 * default for every option the row names, and the environment variables it names must be ones the server reads.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SETTINGS } from '../../../src/server/cli-settings'
import { resolveOptions, type SignalingServerOptions } from '../../../src/server/options'

const docs = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8')
const section = docs.slice(docs.indexOf('\n## Limits'), docs.indexOf('\n## ', docs.indexOf('\n## Limits') + 1))
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| limit'))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '')))
  .map(([limit, defaults, names]) => ({ limit: limit!, defaults: defaults!, names: names! }))
const defaults = resolveOptions()

/** The ways the doc writes a number: `65,536`, `1 MiB`, and durations in ms, s or minutes. */
function spellings(name: string, value: number): string[] {
  if (!name.endsWith('Ms')) return [value.toLocaleString('en'), ...(value % 1_048_576 === 0 ? [`${value / 1_048_576} MiB`] : [])]
  return [`${value} ms`, `${value / 1000} s`, `${value / 60_000} minutes`]
}

function mentions(text: string, spelling: string): boolean {
  return new RegExp(`(?<![\\d,.])${spelling.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d]|[,.]\\d)`).test(text)
}

describe('the limits table in docs/protocol.md', () => {
  it('is there to check', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15)
  })

  it.each(rows.map((row) => [row.limit, row] as const))('%s: the defaults are the code’s', (_, row) => {
    const options = [...row.names.matchAll(/`([a-z][A-Za-z]+)`/g)].map((match) => match[1]! as keyof SignalingServerOptions)
    expect(options.length).toBeGreaterThan(0)
    for (const name of options) {
      expect(defaults).toHaveProperty(name)
      const value = defaults[name]
      if (typeof value !== 'number') continue
      expect(spellings(name, value).some((spelling) => mentions(row.defaults, spelling)), `${name} = ${value} in "${row.defaults}"`).toBe(true)
    }
  })

  it.each(rows.map((row) => [row.limit, row] as const))('%s: each environment variable sets an option the row names', (_, row) => {
    const variables = [...row.names.matchAll(/TONGHWA_[A-Z_]+/g)].map((match) => match[0])
    expect(variables.length).toBeGreaterThan(0)
    for (const variable of variables) {
      const spec = SETTINGS.find((setting) => setting.env === variable)
      expect(spec, variable).toBeDefined()
      expect(row.names, variable).toContain(`\`${spec!.key}\``)
    }
  })
})
