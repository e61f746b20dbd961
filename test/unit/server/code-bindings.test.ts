import { describe, expect, it } from 'vitest'
import { CodeBindings } from '../../../src/server/code-bindings'
import type { RoomCode } from '../../../src/shared/room-code'

const CODE = 'XA36MXBY93' as RoomCode
const OTHER = '7KD93QFXZ5' as RoomCode
const THIRD = '0000000000' as RoomCode

function bindings({ ttlMs = 1_000, maxBindings = 100, protectedMs = 0, inUse = new Set<RoomCode>() } = {}) {
  let now = 0
  const registry = new CodeBindings({ ttlMs, maxBindings, protectedMs, now: () => now, inUse: (code) => inUse.has(code) })
  /** What `register` does: use the code if it is this fingerprint's, bind it if it is free and fits. */
  const claim = (code: RoomCode, fingerprint: string): boolean | 'full' => {
    const status = registry.check(code, fingerprint)
    if (status !== 'free') return status === 'owned'
    return registry.bind(code, fingerprint).ok || 'full'
  }
  return { registry, claim, advance: (ms: number) => (now += ms) }
}

describe('CodeBindings', () => {
  it('binds an unseen code to the first secret that claims it, and lets that secret claim it again', () => {
    const { registry, claim } = bindings()
    expect(registry.check(CODE, 'owner')).toBe('free')
    expect(claim(CODE, 'owner')).toBe(true)
    expect(registry.check(CODE, 'owner')).toBe('owned')
    expect(registry.size).toBe(1)
  })

  it('binds nothing by checking: a refused or unfinished register leaves no binding', () => {
    const { registry } = bindings()
    expect(registry.check(CODE, 'owner')).toBe('free')
    expect(registry.check(CODE, 'owner')).toBe('free')
    expect(registry.size).toBe(0)
  })

  it('refuses a colliding secret while the binding lives', () => {
    const { claim, advance } = bindings({ ttlMs: 1_000 })
    claim(CODE, 'owner')
    advance(999)
    expect(claim(CODE, 'attacker')).toBe(false)
    expect(claim(OTHER, 'attacker')).toBe(true)
  })

  it('counts the lifetime from when the owner was last seen', () => {
    const { registry, claim, advance } = bindings({ ttlMs: 1_000 })
    claim(CODE, 'owner')
    advance(900)
    registry.touch(CODE)
    advance(900)
    expect(claim(CODE, 'attacker')).toBe(false)
    advance(100)
    expect(claim(CODE, 'newcomer')).toBe(true)
    expect(claim(CODE, 'owner')).toBe(false)
  })

  it('stays within its bound by dropping the binding seen longest ago, once it is no longer protected', () => {
    const { registry, claim, advance } = bindings({ ttlMs: 1_000_000, maxBindings: 2, protectedMs: 10 })
    claim(CODE, 'a')
    advance(1)
    claim(OTHER, 'b')
    advance(20)
    registry.touch(CODE)
    expect(claim(THIRD, 'c')).toBe(true)
    expect(registry.size).toBe(2)
    expect(claim(CODE, 'someone else')).toBe(false)
    expect(registry.check(OTHER, 'someone else')).toBe('free')
  })

  it('never drops a binding seen within protectedMs: the table is full instead, until the oldest ages out', () => {
    const { registry, claim, advance } = bindings({ ttlMs: 1_000_000, maxBindings: 2, protectedMs: 100 })
    claim(CODE, 'a')
    advance(30)
    claim(OTHER, 'b')
    expect(registry.room()).toEqual({ ok: false, retryAfterMs: 70 })
    expect(claim(THIRD, 'c')).toBe('full')
    expect(registry.check(CODE, 'someone else')).toBe('taken')
    advance(70)
    expect(claim(THIRD, 'c')).toBe(true)
    expect(registry.check(OTHER, 'someone else')).toBe('taken')
    expect(registry.check(CODE, 'someone else')).toBe('free')
  })

  it('never drops the binding of a code in use, however long ago it was registered', () => {
    const online = new Set<RoomCode>([CODE])
    const { registry, claim, advance } = bindings({ ttlMs: 1_000_000, maxBindings: 2, protectedMs: 100, inUse: online })
    claim(CODE, 'online for weeks')
    advance(1)
    claim(OTHER, 'b')
    advance(10_000)
    expect(claim(THIRD, 'c')).toBe(true)
    expect(registry.check(CODE, 'someone else')).toBe('taken')
    expect(registry.check(OTHER, 'someone else')).toBe('free')
  })

  it('is full when every binding is in use, and says to come back within the hour', () => {
    const online = new Set<RoomCode>([CODE, OTHER])
    const { registry, claim, advance } = bindings({ ttlMs: 1_000_000, maxBindings: 2, protectedMs: 7 * 24 * 3600_000, inUse: online })
    claim(CODE, 'a')
    claim(OTHER, 'b')
    advance(30 * 24 * 3600_000)
    expect(claim(THIRD, 'c')).toBe('full')
    expect(registry.room()).toEqual({ ok: false, retryAfterMs: 3600_000 })
  })

  it('gives up an expired binding to make room, even inside protectedMs', () => {
    const { claim, advance } = bindings({ ttlMs: 50, maxBindings: 1, protectedMs: 1_000 })
    claim(CODE, 'a')
    advance(50)
    expect(claim(OTHER, 'b')).toBe(true)
  })
})
