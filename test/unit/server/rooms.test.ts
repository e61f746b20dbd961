import { describe, expect, it } from 'vitest'
import type { PeerId } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { RoomRegistry } from '../../../src/server/rooms'

const a = 'aaaaaaaaaaaa' as PeerId
const b = 'bbbbbbbbbbbb' as PeerId
const c = 'cccccccccccc' as PeerId
const room = generateRoomCode()
const otherRoom = generateRoomCode()

describe('RoomRegistry', () => {
  it('tells a joining peer who was already there, oldest first', () => {
    const rooms = new RoomRegistry({ maxPeersPerRoom: 3 })
    expect(rooms.join(room, a)).toEqual({ ok: true, peers: [] })
    expect(rooms.join(room, b)).toEqual({ ok: true, peers: [a] })
    expect(rooms.join(room, c)).toEqual({ ok: true, peers: [a, b] })
    expect(rooms.peersIn(room)).toEqual([a, b, c])
  })

  it('holds two peers per room by default and rejects a third with SIG_ERR_ROOM_FULL', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.join(room, b)
    expect(rooms.join(room, c)).toEqual({ ok: false, code: SignalingErrorCode.RoomFull })
    expect(rooms.roomOf(c)).toBeUndefined()
    expect(rooms.peersIn(room)).toEqual([a, b])
  })

  it('refuses to put one peer in two rooms', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    expect(rooms.join(otherRoom, a)).toEqual({ ok: false, code: SignalingErrorCode.AlreadyInRoom })
    expect(rooms.join(room, a)).toEqual({ ok: false, code: SignalingErrorCode.AlreadyInRoom })
    expect(rooms.peersIn(room)).toEqual([a])
  })

  it('reports the room and the remaining peers when a peer leaves', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.join(room, b)
    expect(rooms.leave(a)).toEqual({ room, remaining: [b] })
    expect(rooms.roomOf(a)).toBeUndefined()
    expect(rooms.peersIn(room)).toEqual([b])
  })

  it('frees the slot of a peer that left, so another can join a full room', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.join(room, b)
    rooms.leave(b)
    expect(rooms.join(room, c)).toEqual({ ok: true, peers: [a] })
  })

  it('removes a room when its last peer leaves', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.join(otherRoom, b)
    expect(rooms.roomCount).toBe(2)
    expect(rooms.leave(a)).toEqual({ room, remaining: [] })
    expect(rooms.roomCount).toBe(1)
    expect(rooms.peersIn(room)).toEqual([])
    expect(rooms.peerCount).toBe(1)
  })

  it('returns undefined when a peer that is in no room leaves', () => {
    const rooms = new RoomRegistry()
    expect(rooms.leave(a)).toBeUndefined()
    rooms.join(room, a)
    rooms.leave(a)
    expect(rooms.leave(a)).toBeUndefined()
  })

  it('says two peers share a room only when they do', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.join(room, b)
    rooms.join(otherRoom, c)
    expect(rooms.inSameRoom(a, b)).toBe(true)
    expect(rooms.inSameRoom(a, c)).toBe(false)
    expect(rooms.inSameRoom(a, 'dddddddddddd' as PeerId)).toBe(false)
    expect(rooms.inSameRoom('dddddddddddd' as PeerId, 'eeeeeeeeeeee' as PeerId)).toBe(false)
  })

  it('hands out copies, so callers cannot change the registry', () => {
    const rooms = new RoomRegistry()
    rooms.join(room, a)
    rooms.peersIn(room).push(b)
    const joined = rooms.join(room, c)
    if (joined.ok) joined.peers.push(b)
    expect(rooms.peersIn(room)).toEqual([a, c])
  })

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RoomRegistry({ maxPeersPerRoom: 0 })).toThrow(RangeError)
    expect(() => new RoomRegistry({ maxPeersPerRoom: 1.5 })).toThrow(RangeError)
  })
})
