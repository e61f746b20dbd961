import { describe, expect, it } from 'vitest'
import { PresenceRegistry } from '../../../src/server/presence'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

const code = generateRoomCode()
const otherCode = generateRoomCode()

describe('PresenceRegistry', () => {
  it('makes a connection reachable on its code, and tells which code a connection holds', () => {
    const presence = new PresenceRegistry<string>()
    expect(presence.register(code, 'alice')).toEqual({ ok: true, replaced: undefined })
    expect(presence.connectionOf(code)).toBe('alice')
    expect(presence.codeOf('alice')).toBe(code)
    expect(presence.connectionOf(otherCode)).toBeUndefined()
    expect(presence.size).toBe(1)
  })

  it('moves a code to the connection that registers it last, and says whom it replaced', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'old')
    expect(presence.register(code, 'new')).toEqual({ ok: true, replaced: 'old' })
    expect(presence.connectionOf(code)).toBe('new')
    expect(presence.codeOf('old')).toBeUndefined()
    expect(presence.size).toBe(1)
  })

  it('lets a replaced connection register again, taking the code back', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'old')
    presence.register(code, 'new')
    expect(presence.register(code, 'old')).toEqual({ ok: true, replaced: 'new' })
    expect(presence.codeOf('new')).toBeUndefined()
  })

  it('treats registering the same code again on the same connection as done already', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'alice')
    expect(presence.register(code, 'alice')).toEqual({ ok: true, replaced: undefined })
    expect(presence.size).toBe(1)
  })

  it('refuses a second code on one connection with SIG_ERR_ALREADY_REGISTERED and keeps the first', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'alice')
    expect(presence.register(otherCode, 'alice')).toEqual({ ok: false, code: SignalingErrorCode.AlreadyRegistered })
    expect(presence.codeOf('alice')).toBe(code)
    expect(presence.connectionOf(otherCode)).toBeUndefined()
  })

  it('forgets a connection that unregisters, and returns the code it held', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'alice')
    expect(presence.unregister('alice')).toBe(code)
    expect(presence.connectionOf(code)).toBeUndefined()
    expect(presence.size).toBe(0)
    expect(presence.unregister('alice')).toBeUndefined()
    expect(presence.register(otherCode, 'alice')).toEqual({ ok: true, replaced: undefined })
  })

  it('does not take the code from its new holder when a replaced connection unregisters', () => {
    const presence = new PresenceRegistry<string>()
    presence.register(code, 'old')
    presence.register(code, 'new')
    expect(presence.unregister('old')).toBeUndefined()
    expect(presence.connectionOf(code)).toBe('new')
  })

  it('tells connections apart by identity, not by value', () => {
    const presence = new PresenceRegistry<object>()
    const first = {}
    const second = {}
    presence.register(code, first)
    expect(presence.register(code, second)).toEqual({ ok: true, replaced: first })
  })
})
