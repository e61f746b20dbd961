/**
 * Which peer is in which room. Pure bookkeeping, no sockets, so the rules (capacity, join order, rooms that
 * vanish when empty) are tested on their own.
 */
import type { PeerId } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'

export interface RoomRegistryOptions {
  /** Most peers one room holds; a call is two people. Default 2. */
  maxPeersPerRoom?: number
}

export type JoinRoomResult =
  | { ok: true; /** Peers already in the room, oldest first. */ peers: PeerId[] }
  | { ok: false; code: typeof SignalingErrorCode.RoomFull | typeof SignalingErrorCode.AlreadyInRoom }

export interface LeaveRoomResult {
  room: RoomCode
  /** Peers still in the room, oldest first; empty when the room is gone. */
  remaining: PeerId[]
}

export class RoomRegistry {
  readonly #maxPeersPerRoom: number
  /** Arrays keep join order, which is the order `joined.peers` promises. */
  readonly #rooms = new Map<RoomCode, PeerId[]>()
  readonly #roomOfPeer = new Map<PeerId, RoomCode>()

  constructor(options: RoomRegistryOptions = {}) {
    const max = options.maxPeersPerRoom ?? 2
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxPeersPerRoom must be a positive integer, got ${max}`)
    this.#maxPeersPerRoom = max
  }

  /** Adds `peerId` to `room`, creating the room if needed. A peer is in at most one room at a time. */
  join(room: RoomCode, peerId: PeerId): JoinRoomResult {
    if (this.#roomOfPeer.has(peerId)) return { ok: false, code: SignalingErrorCode.AlreadyInRoom }
    const members = this.#rooms.get(room) ?? []
    if (members.length >= this.#maxPeersPerRoom) return { ok: false, code: SignalingErrorCode.RoomFull }
    const peers = [...members]
    members.push(peerId)
    this.#rooms.set(room, members)
    this.#roomOfPeer.set(peerId, room)
    return { ok: true, peers }
  }

  /** Removes `peerId` from its room; `undefined` when it was in none. */
  leave(peerId: PeerId): LeaveRoomResult | undefined {
    const room = this.#roomOfPeer.get(peerId)
    if (room === undefined) return undefined
    this.#roomOfPeer.delete(peerId)
    const remaining = (this.#rooms.get(room) ?? []).filter((id) => id !== peerId)
    // Empty rooms are dropped so that memory follows live calls, not every code ever used.
    if (remaining.length === 0) this.#rooms.delete(room)
    else this.#rooms.set(room, remaining)
    return { room, remaining: [...remaining] }
  }

  roomOf(peerId: PeerId): RoomCode | undefined {
    return this.#roomOfPeer.get(peerId)
  }

  /** Peers in `room`, oldest first; empty for a room that does not exist. */
  peersIn(room: RoomCode): PeerId[] {
    return [...(this.#rooms.get(room) ?? [])]
  }

  /** True when both peers are in the same room (the only case in which one may signal the other). */
  inSameRoom(a: PeerId, b: PeerId): boolean {
    const room = this.#roomOfPeer.get(a)
    return room !== undefined && room === this.#roomOfPeer.get(b)
  }

  get roomCount(): number {
    return this.#rooms.size
  }

  get peerCount(): number {
    return this.#roomOfPeer.size
  }
}
