import { describe, expect, it } from 'vitest'
import { buildInvite, webLinkFor } from '../../../src/shared/invite'
import { commandArgs } from '../../../src/shared/ipc-contract'
import type { RoomCode } from '../../../src/shared/room-code'
import { isServerSetting, parseServerAddress, sameServerAddress, serverHostLabel } from '../../../src/shared/server-address'

const ROOM = '7KD93QFXZ5' as RoomCode

describe('parseServerAddress', () => {
  it.each([
    ['wss://signal.example.org/signal', 'wss://signal.example.org/signal'],
    ['  WSS://Signal.Example.ORG:8443/signal ', 'wss://signal.example.org:8443/signal'],
    ['ws://127.0.0.1:4780/signal', 'ws://127.0.0.1:4780/signal'],
    ['ws://localhost:4780/signal', 'ws://localhost:4780/signal'],
    ['ws://[::1]:4780/signal', 'ws://[::1]:4780/signal'],
  ])('takes %s', (raw, url) => {
    expect(parseServerAddress(raw)).toEqual({ ok: true, url })
  })

  it.each([
    ['', 'empty'],
    ['signal.example.org', 'not-a-url'],
    ['https://signal.example.org/', 'not-websocket'],
    ['ws://signal.example.org/signal', 'insecure'],
    ['ws://192.168.1.20:4780/signal', 'insecure'],
    ['ws://localhost.evil.example/signal', 'insecure'],
    ['wss://me:secret@signal.example.org/signal', 'credentials'],
    ['wss://signal.example.org/signal#x', 'fragment'],
    ['wss://signal.example.org/signal#', 'fragment'],
    [`wss://${'a'.repeat(600)}.org/`, 'too-long'],
    [42, 'empty'],
  ])('refuses %j as %s', (raw, problem) => {
    expect(parseServerAddress(raw)).toEqual({ ok: false, problem })
  })

  it('compares addresses written differently, and names the host a person knows', () => {
    expect(sameServerAddress('wss://SIGNAL.example.org/signal', 'wss://signal.example.org/signal')).toBe(true)
    expect(sameServerAddress('wss://signal.example.org/signal', 'wss://signal.example.org:8443/signal')).toBe(false)
    expect(serverHostLabel('wss://signal.example.org:443/signal')).toBe('signal.example.org')
    expect(serverHostLabel('wss://signal.example.org:8443/signal')).toBe('signal.example.org:8443')
  })

  it('knows the two shapes of the setting and nothing else', () => {
    expect(isServerSetting({ kind: 'automatic' })).toBe(true)
    expect(isServerSetting({ kind: 'server', url: 'wss://signal.example.org/signal' })).toBe(true)
    expect(isServerSetting({ kind: 'server', url: 'ws://signal.example.org/signal' })).toBe(false)
    expect(isServerSetting({ kind: 'automatic', url: 'wss://signal.example.org/signal' })).toBe(false)
    expect(isServerSetting({ kind: 'lan' })).toBe(false)
  })
})

describe('Copy invite (buildInvite)', () => {
  it('gives the web page and an app link naming the server, for a server with a public https address', () => {
    expect(buildInvite(ROOM, 'wss://signal.example.org/signal')).toEqual({
      appLink: 'tonghwa://join/7KD-93QF-XZ5?server=wss%3A%2F%2Fsignal.example.org%2Fsignal',
      webLink: 'https://signal.example.org/?room=7KD-93QF-XZ5',
    })
  })

  it('keeps the port and a path prefix of the web page', () => {
    expect(webLinkFor('wss://example.org:8443/tonghwa/signal', ROOM)).toBe('https://example.org:8443/tonghwa/?room=7KD-93QF-XZ5')
  })

  it('gives no web link for ws:// or a loopback name, which no one else can open', () => {
    expect(buildInvite(ROOM, 'ws://127.0.0.1:4780/signal').webLink).toBeNull()
    expect(webLinkFor('wss://localhost:4780/signal', ROOM)).toBeNull()
  })

  it('gives a plain join link with no server to name (automatic mode)', () => {
    expect(buildInvite(ROOM, null)).toEqual({ appLink: 'tonghwa://join/7KD-93QF-XZ5', webLink: null })
  })
})

describe('the IPC contract for a server', () => {
  it('takes a join naming a usable server, and the setting, written canonically', () => {
    expect(commandArgs['signaling:join-room']([ROOM, { server: 'wss://Signal.example.org/signal' }])).toEqual({ ok: true, args: [ROOM, { server: 'wss://signal.example.org/signal' }] })
    expect(commandArgs['server:set-choice']([{ kind: 'server', url: 'wss://signal.example.org/signal' }])).toEqual({ ok: true, args: [{ kind: 'server', url: 'wss://signal.example.org/signal' }] })
  })

  it.each([
    [[ROOM, { server: 'ws://signal.example.org/signal' }]],
    [[ROOM, { server: 'wss://signal.example.org/signal', other: 1 }]],
    [[ROOM, null]],
    [[ROOM, {}, {}]],
  ])('refuses join arguments %j', (args) => {
    expect(commandArgs['signaling:join-room'](args).ok).toBe(false)
  })
})
