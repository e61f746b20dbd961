import { describe, expect, it } from 'vitest'
import { isPeerId } from '../../../src/shared/protocol'
import { generatePeerId } from '../../../src/server/peer-id'

describe('generatePeerId', () => {
  it('makes ids that the shared protocol accepts as peer ids', () => {
    for (let i = 0; i < 200; i++) expect(isPeerId(generatePeerId())).toBe(true)
  })

  it('makes distinct ids over a large sample', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generatePeerId))
    expect(ids.size).toBe(10_000)
  })

  it('uses all 32 symbols of its alphabet at every position', () => {
    const seen = Array.from({ length: 12 }, () => new Set<string>())
    for (let i = 0; i < 2_000; i++) {
      ;[...generatePeerId()].forEach((char, position) => seen[position]!.add(char))
    }
    for (const symbols of seen) expect(symbols.size).toBe(32)
  })
})
