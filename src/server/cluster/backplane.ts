/**
 * What one signaling process shares with the others of its cluster: who is in which room, who is reachable on
 * which personal code, which secret a code is bound to, and a way to hand an event to another process.
 *
 * Connections, sockets and timers stay in the process that holds them; only this state is shared. The default
 * implementation (memory-backplane.ts) keeps it in this process, so one process alone behaves exactly as the
 * server always did; redis-backplane.ts shares it through Redis. Everything is async because Redis is.
 */
import type { PeerId } from '../../shared/protocol'
import type { RoomCode } from '../../shared/room-code'
import type { SignalingErrorCode } from '../../shared/signaling-errors'
import type { NewCodeVerdict } from '../new-code-budget'
import type { ClusterEvent } from './cluster-events'

/** A server process: 12 lower-case base32 characters, random per start. */
export type NodeId = string & { readonly __nodeId: true }

/**
 * One connection somewhere in the cluster: `<node>/<connection>`, the connection part unique within its
 * process for the life of the process (so an address never names two connections).
 */
export type Address = string & { readonly __address: true }

export function makeAddress(node: NodeId, connection: string): Address {
  return `${node}/${connection}` as Address
}

/** The process an address lives on. */
export function nodeOf(address: Address): NodeId {
  return address.slice(0, address.indexOf('/')) as NodeId
}

const ADDRESS_PATTERN = /^[0-9a-z]{12}\/[0-9a-z]{1,16}$/
export function isAddress(value: unknown): value is Address {
  return typeof value === 'string' && ADDRESS_PATTERN.test(value)
}

/** A peer in a room, and the process its connection is on. */
export interface RoomMember {
  readonly peerId: PeerId
  readonly node: NodeId
}

export type JoinRoomOutcome =
  | {
      ok: true
      /** The members already there (alive), oldest first; never the joining id itself. */
      peers: RoomMember[]
      /** Members found dead (their process stopped refreshing them) and removed: tell `peers` they left. */
      gone: PeerId[]
      /**
       * Set when a `takeOver` join found the id already a member of the room and handed it to the new holder: the
       * id kept its place, nobody joined, so `peers` are not told anything.
       */
      tookOver?: true
      /** With `tookOver`: the connection that held the id until now, to be closed without a word to the room. */
      replaced?: Address
    }
  | { ok: false; reason: 'full'; peers: RoomMember[]; gone: PeerId[] }
  /** The peer id is taken somewhere in the cluster: pick another. */
  | { ok: false; reason: 'clash' }

export interface LeaveRoomOutcome {
  /**
   * False when the id was no longer the leaving connection's (another one took it over with a resume claim, or
   * it was already gone): nothing changed for it, and nobody is to be told it left.
   */
  left: boolean
  /** Members still in the room, oldest first. */
  remaining: RoomMember[]
  /** Dead members removed on the way (see `JoinRoomOutcome.gone`). */
  gone: PeerId[]
}

/** What became of a `register`'s claim on its code. */
export type CodeClaim =
  | { ok: true }
  | { ok: false; code: typeof SignalingErrorCode.CodeTaken }
  | Extract<NewCodeVerdict, { ok: false }>
  | { ok: false; code: typeof SignalingErrorCode.CodeTableFull; retryAfterMs: number }

export interface BackplaneHooks {
  /** An event for this process (from this process or another). Called synchronously for local events. */
  receive(event: ClusterEvent): void
  /**
   * This process may have been given up by the others (Redis unreachable, or its keys expired): the shared
   * state no longer matches its connections, which must all be closed so that clients reconnect and rejoin.
   */
  lapsed(reason: string): void
}

export interface Backplane {
  readonly node: NodeId
  /** Connects (cluster mode) and starts delivering events; rejects when the shared state is unreachable. */
  start(hooks: BackplaneHooks): Promise<void>
  /** Stops refreshing and disconnects; call after every connection has left its room and registration. */
  stop(): Promise<void>
  /** True when the shared state is reachable and this process's part of it is alive. */
  healthy(): Promise<boolean>
  /** Hands `event` to process `node`. Local events are delivered before this returns; others best effort. */
  send(node: NodeId, event: ClusterEvent): void

  /**
   * Adds `peerId` to `room`, held by the connection `holder`, unless it is full (`maxPeersPerRoom`), atomically
   * across the cluster. An id already in use is a clash, except with `takeOver` (a resume claim whose token
   * verified) for an id that is a member of this very room: then `holder` takes it where it stands (`tookOver`).
   */
  joinRoom(room: RoomCode, peerId: PeerId, holder: Address, options?: { takeOver?: boolean }): Promise<JoinRoomOutcome>
  /**
   * Removes `peerId` from `room` if `holder` still holds it. Once another connection took the id over, the old
   * holder's leave, however late it comes, changes nothing but this process's own record (`left: false`).
   */
  leaveRoom(room: RoomCode, peerId: PeerId, holder: Address): Promise<LeaveRoomOutcome>
  /** The member `peerId` of `room`, if it is one. */
  findMember(room: RoomCode, peerId: PeerId): Promise<RoomMember | undefined>
  /**
   * The same answer at once, from a backplane that holds the rooms in this process (memory-backplane.ts); absent
   * where it takes a round trip. Lets a relayed frame be handled without a promise (serial-queue.ts).
   */
  findMemberNow?(room: RoomCode, peerId: PeerId): RoomMember | undefined
  /** Rooms with at least one member connected to this process. */
  readonly localRoomCount: number

  /**
   * Lets `fingerprint` use `code` (code-bindings.ts): renews the binding when it is already this fingerprint's,
   * refuses when it is another's. A code bound to nothing is bound only when there is room for it and `admit`,
   * asked only then, charges the new binding (new-code-budget.ts); a refusal binds nothing.
   */
  claimCode(code: RoomCode, fingerprint: string, admit: () => NewCodeVerdict): Promise<CodeClaim>
  /** The owner of `code` was seen: its binding lives a full lifetime from now. */
  touchCode(code: RoomCode): Promise<void>
  /** Makes `code` reach `address`; returns the address it reached until now, if another one. */
  publishPresence(code: RoomCode, address: Address): Promise<Address | undefined>
  /** Makes `code` reach nobody, if it still reaches `address`. */
  withdrawPresence(code: RoomCode, address: Address): Promise<void>
  /** Where `code` reaches, if anywhere. */
  lookupPresence(code: RoomCode): Promise<Address | undefined>
}
