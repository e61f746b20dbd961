import { describe, expect, it } from 'vitest'
import { CodeBindings } from '../../../src/server/code-bindings'
import type { RoomCode } from '../../../src/shared/room-code'

const CODE = 'XA36MXBY93' as RoomCode
const OTHER = '7KD93QFXZ5' as RoomCode

function bindings(ttlMs = 1_000, maxBindings = 100) {
  let now = 0
  const registry = new CodeBindings({ ttlMs, maxBindings, now: () => now })
  return { registry, advance: (ms: number) => (now += ms) }
}

describe('CodeBindings', () => {
  it('binds an unseen code to the first secret that claims it, and lets that secret claim it again', () => {
    const { registry } = bindings()
    expect(registry.claim(CODE, 'owner')).toBe(true)
    expect(registry.claim(CODE, 'owner')).toBe(true)
    expect(registry.size).toBe(1)
  })

  it('refuses a colliding secret while the binding lives', () => {
    const { registry, advance } = bindings(1_000)
    registry.claim(CODE, 'owner')
    advance(999)
    expect(registry.claim(CODE, 'attacker')).toBe(false)
    expect(registry.claim(OTHER, 'attacker')).toBe(true)
  })

  it('counts the lifetime from when the owner was last seen', () => {
    const { registry, advance } = bindings(1_000)
    registry.claim(CODE, 'owner')
    advance(900)
    registry.touch(CODE)
    advance(900)
    expect(registry.claim(CODE, 'attacker')).toBe(false)
    advance(100)
    expect(registry.claim(CODE, 'newcomer')).toBe(true)
    expect(registry.claim(CODE, 'owner')).toBe(false)
  })

  it('stays within its bound by dropping the binding seen longest ago', () => {
    const { registry, advance } = bindings(1_000_000, 2)
    registry.claim(CODE, 'a')
    advance(1)
    registry.claim(OTHER, 'b')
    advance(1)
    registry.touch(CODE)
    registry.claim('0000000000' as RoomCode, 'c')
    expect(registry.size).toBe(2)
    expect(registry.claim(CODE, 'someone else')).toBe(false)
    expect(registry.claim(OTHER, 'someone else')).toBe(true)
  })
})
