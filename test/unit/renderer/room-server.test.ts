import { describe, expect, it } from 'vitest'
import { RoomServerState } from '../../../src/renderer/src/state/room-server.svelte'
import type { RoomCode } from '../../../src/shared/room-code'

const ROOM = '7KD93QFXZ5' as RoomCode
const OWN = 'wss://home.example.org/signal'
const FOREIGN = 'wss://signal.example.org/signal'

function setup(own: string | null = OWN) {
  const copied: string[] = []
  const state = new RoomServerState({
    bridge: { getInviteServer: async () => own },
    writeClipboard: async (text) => void copied.push(text),
    copiedForMs: 10,
    onError: () => {},
  })
  return { state, copied }
}

describe('RoomServerState', () => {
  it('asks first for a room on another server, and hands it over once the person agrees', async () => {
    const { state } = setup()
    expect(await state.asksFirst(ROOM, FOREIGN)).toBe(true)
    expect(state.pending).toEqual({ room: '7KD-93QF-XZ5', host: 'signal.example.org' })
    expect(state.takeAgreed()).toEqual({ room: ROOM, server: FOREIGN })
    expect(state.pending).toBeNull()
    expect(state.takeAgreed()).toBeNull()
  })

  it('does not ask for a link naming the person’s own server (written differently) or none', async () => {
    const { state } = setup()
    expect(await state.asksFirst(ROOM, 'wss://HOME.example.org/signal')).toBe(false)
    expect(await state.asksFirst(ROOM, undefined)).toBe(false)
    expect(state.pending).toBeNull()
  })

  it('asks for any named server in automatic mode, where the person has no server of their own', async () => {
    const { state } = setup(null)
    expect(await state.asksFirst(ROOM, OWN)).toBe(true)
  })

  it('forgets the server a link named when the room is left', () => {
    const { state } = setup()
    state.enter(FOREIGN)
    expect([state.server, state.label]).toEqual([FOREIGN, 'signal.example.org'])
    state.leave()
    expect([state.server, state.label]).toEqual([null, null])
  })

  it('invites to the server the room is on: the one a link named, else the person’s own', async () => {
    const { state, copied } = setup()
    await state.copyInvite(ROOM)
    state.enter(FOREIGN)
    await state.copyInvite(ROOM)
    expect(copied).toEqual([
      `Join me on Tonghwa, room 7KD-93QF-XZ5.\nIn a browser: https://home.example.org/?room=7KD-93QF-XZ5\nWith the Tonghwa app: tonghwa://join/7KD-93QF-XZ5?server=${encodeURIComponent(OWN)}`,
      `Join me on Tonghwa, room 7KD-93QF-XZ5.\nIn a browser: https://signal.example.org/?room=7KD-93QF-XZ5\nWith the Tonghwa app: tonghwa://join/7KD-93QF-XZ5?server=${encodeURIComponent(FOREIGN)}`,
    ])
    expect(state.copy.status).toBe('copied')
    state.dispose()
  })

  it('invites with a plain room link and no web page in automatic mode', async () => {
    const { state, copied } = setup(null)
    await state.copyInvite(ROOM)
    expect(copied).toEqual(['Join me on Tonghwa, room 7KD-93QF-XZ5.\nWith the Tonghwa app: tonghwa://join/7KD-93QF-XZ5'])
    state.dispose()
  })
})
