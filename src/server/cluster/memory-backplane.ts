/**
 * The default backplane: one process alone, everything in memory, nothing to connect to. It is the pure
 * registries the server always had (rooms.ts, code-bindings.ts) behind the `Backplane` interface, and events
 * are delivered synchronously, so a single server behaves exactly as before clustering existed.
 */
import type { PeerId } from '../../shared/protocol'
import type { RoomCode } from '../../shared/room-code'
import { SignalingErrorCode } from '../../shared/signaling-errors'
import { CodeBindings } from '../code-bindings'
import { RoomRegistry } from '../rooms'
import type { NewCodeVerdict } from '../new-code-budget'
import type { Address, Backplane, BackplaneHooks, CodeClaim, JoinRoomOutcome, LeaveRoomOutcome, NodeId, RoomMember } from './backplane'
import type { ClusterEvent } from './cluster-events'
import { generateNodeId } from './node-id'

export interface MemoryBackplaneOptions {
  maxPeersPerRoom: number
  /** How long a personal code stays bound to its secret after its owner was last seen, in ms. */
  codeBindingTtlMs: number
  maxCodeBindings: number
  /** A binding seen within this many ms is never dropped to make room (code-bindings.ts). */
  codeBindingProtectedMs: number
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number
}

const CLAIMED: CodeClaim = { ok: true }

export class MemoryBackplane implements Backplane {
  readonly node: NodeId = generateNodeId()
  readonly #rooms: RoomRegistry
  readonly #bindings: CodeBindings
  readonly #presence = new Map<RoomCode, Address>()
  /** Which connection holds each member's id (a resume claim may move it to another). */
  readonly #holders = new Map<PeerId, Address>()
  /** False with a binding lifetime of 0: nothing is bound, so there is nothing to charge or to refuse. */
  readonly #bindingsLive: boolean
  #hooks: BackplaneHooks | undefined

  constructor(options: MemoryBackplaneOptions) {
    this.#rooms = new RoomRegistry({ maxPeersPerRoom: options.maxPeersPerRoom })
    this.#bindings = new CodeBindings({
      ttlMs: options.codeBindingTtlMs,
      maxBindings: options.maxCodeBindings,
      protectedMs: options.codeBindingProtectedMs,
      now: options.now ?? (() => performance.now()),
      // Someone online is someone seen now: their code is never the one given up.
      inUse: (code) => this.#presence.has(code),
    })
    this.#bindingsLive = options.codeBindingTtlMs > 0
  }

  async start(hooks: BackplaneHooks): Promise<void> {
    this.#hooks = hooks
  }

  async stop(): Promise<void> {}

  async healthy(): Promise<boolean> {
    return true
  }

  send(_node: NodeId, event: ClusterEvent): void {
    // There is no other process: every address and every member is on this one.
    this.#hooks?.receive(event)
  }

  async joinRoom(room: RoomCode, peerId: PeerId, holder: Address, options: { takeOver?: boolean } = {}): Promise<JoinRoomOutcome> {
    if (options.takeOver && this.#rooms.roomOf(peerId) === room) {
      const replaced = this.#holders.get(peerId)
      this.#holders.set(peerId, holder)
      const peers = this.#rooms.peersIn(room).filter((id) => id !== peerId).map((id) => this.#member(id))
      return replaced === undefined ? { ok: true, peers, gone: [], tookOver: true } : { ok: true, peers, gone: [], tookOver: true, replaced }
    }
    const result = this.#rooms.join(room, peerId)
    if (result.ok) {
      this.#holders.set(peerId, holder)
      return { ok: true, peers: result.peers.map((id) => this.#member(id)), gone: [] }
    }
    // Ids name rooms' members, so an id already in a room (another room, for a claim) is an id in use.
    if (result.code === SignalingErrorCode.AlreadyInRoom) return { ok: false, reason: 'clash' }
    return { ok: false, reason: 'full', peers: this.#rooms.peersIn(room).map((id) => this.#member(id)), gone: [] }
  }

  async leaveRoom(room: RoomCode, peerId: PeerId, holder: Address): Promise<LeaveRoomOutcome> {
    if (this.#holders.get(peerId) !== holder) return { left: false, remaining: this.#rooms.peersIn(room).map((id) => this.#member(id)), gone: [] }
    this.#holders.delete(peerId)
    const left = this.#rooms.leave(peerId)
    return { left: true, remaining: (left?.remaining ?? []).map((id) => this.#member(id)), gone: [] }
  }

  async findMember(room: RoomCode, peerId: PeerId): Promise<RoomMember | undefined> {
    return this.findMemberNow(room, peerId)
  }

  findMemberNow(room: RoomCode, peerId: PeerId): RoomMember | undefined {
    return this.#rooms.roomOf(peerId) === room ? this.#member(peerId) : undefined
  }

  get localRoomCount(): number {
    return this.#rooms.roomCount
  }

  async claimCode(code: RoomCode, fingerprint: string, admit: () => NewCodeVerdict): Promise<CodeClaim> {
    if (!this.#bindingsLive) return CLAIMED
    const status = this.#bindings.check(code, fingerprint)
    if (status === 'owned') return CLAIMED
    if (status === 'taken') return { ok: false, code: SignalingErrorCode.CodeTaken }
    // Room first, then the budget: a register the table cannot take costs the client nothing.
    const room = this.#bindings.room()
    if (!room.ok) return { ok: false, code: SignalingErrorCode.CodeTableFull, retryAfterMs: room.retryAfterMs }
    const admitted = admit()
    if (!admitted.ok) return admitted
    this.#bindings.bind(code, fingerprint)
    return CLAIMED
  }

  async touchCode(code: RoomCode): Promise<void> {
    this.#bindings.touch(code)
  }

  async publishPresence(code: RoomCode, address: Address): Promise<Address | undefined> {
    const previous = this.#presence.get(code)
    this.#presence.set(code, address)
    return previous === address ? undefined : previous
  }

  async withdrawPresence(code: RoomCode, address: Address): Promise<void> {
    if (this.#presence.get(code) === address) this.#presence.delete(code)
  }

  async lookupPresence(code: RoomCode): Promise<Address | undefined> {
    return this.#presence.get(code)
  }

  #member(peerId: PeerId): RoomMember {
    return { peerId, node: this.node }
  }
}
