/**
 * The cluster backplane: rooms, registrations and code bindings in Redis (redis-keys.ts), events between
 * processes over one pub/sub channel per process.
 *
 * Liveness is by expiry. Every key this process owns (its members' peer keys, their rooms, its registrations)
 * lives `keyTtlMs` and is refreshed every third of that (`#beat`). A process that crashes stops refreshing:
 * its peer keys expire, and the next process that looks at the room (its own refresh, or anyone joining or
 * leaving it) removes the dead members and tells the survivors `peer-left` with reason `disconnected`.
 *
 * A process that cannot refresh for a whole `keyTtlMs`, or whose event connection dropped (pub/sub delivers at
 * most once, so events may have been lost), can no longer trust that the others see its connections as it
 * does. It reports `lapsed`, and the server closes every connection so that clients reconnect and rejoin.
 */
import type { PeerId } from '../../shared/protocol'
import type { RoomCode } from '../../shared/room-code'
import { SignalingErrorCode } from '../../shared/signaling-errors'
import type { Logger } from '../log'
import type { NewCodeVerdict } from '../new-code-budget'
import { isAddress, type Address, type Backplane, type BackplaneHooks, type CodeClaim, type JoinRoomOutcome, type LeaveRoomOutcome, type NodeId, type RoomMember } from './backplane'
import { parseClusterEvent, type ClusterEvent } from './cluster-events'
import { generateNodeId } from './node-id'
import { connectRedis, disconnectRedis, type RedisConnections } from './redis-connection'
import { digest, RedisKeys } from './redis-keys'
import { BINDING_FREE, BINDING_OWNED, parseRoomReply, type RoomReply, type ScriptCommands } from './redis-scripts'

export interface RedisBackplaneOptions {
  url: string
  keyPrefix: string
  /** How long this process's keys outlive it, in ms; refreshed every third of it. */
  keyTtlMs: number
  commandTimeoutMs: number
  maxPeersPerRoom: number
  /** How long a personal code stays bound to its secret after its owner was last seen, in ms (0: not at all). */
  codeBindingTtlMs: number
  logger: Logger
}

const CLAIMED: CodeClaim = { ok: true }
const TAKEN: CodeClaim = { ok: false, code: SignalingErrorCode.CodeTaken }

export class RedisBackplane implements Backplane {
  readonly node: NodeId = generateNodeId()
  readonly #options: RedisBackplaneOptions
  readonly #keys: RedisKeys
  readonly #logger: Logger
  #redis: RedisConnections | undefined
  #hooks: BackplaneHooks | undefined
  #timer: NodeJS.Timeout | undefined
  /** Members of rooms connected to this process, by room, with the connection holding each. */
  readonly #rooms = new Map<RoomCode, Map<PeerId, Address>>()
  /** Registrations of connections of this process. */
  readonly #presence = new Map<RoomCode, Address>()
  /** Until when (monotonic ms) every key of this process is known to live. */
  #aliveUntil = 0
  #lapsed = false
  #beating = false
  #stopping = false

  constructor(options: RedisBackplaneOptions) {
    this.#options = options
    this.#keys = new RedisKeys(options.keyPrefix)
    this.#logger = options.logger
  }

  async start(hooks: BackplaneHooks): Promise<void> {
    this.#hooks = hooks
    const redis = await connectRedis({ url: this.#options.url, commandTimeoutMs: this.#options.commandTimeoutMs, name: `tonghwa:${this.node}`, logger: this.#logger })
    this.#redis = redis
    redis.subscriber.on('message', (_channel: string, text: string) => this.#deliver(text))
    try {
      await redis.subscriber.subscribe(this.#keys.channel(this.node))
    } catch (error) {
      await disconnectRedis(redis, this.#options.commandTimeoutMs)
      throw error
    }
    // Lost events cannot be told apart from events never sent: start over (see the file comment).
    redis.subscriber.on('close', () => this.#lapse('the event connection to Redis closed'))
    this.#aliveUntil = performance.now() + this.#options.keyTtlMs
    this.#timer = setInterval(() => void this.#beat(), Math.max(1, Math.floor(this.#options.keyTtlMs / 3)))
    this.#timer.unref()
    this.#logger.info('joined the cluster', { node: this.node })
  }

  async stop(): Promise<void> {
    this.#stopping = true
    clearInterval(this.#timer)
    if (this.#redis) await disconnectRedis(this.#redis, this.#options.commandTimeoutMs)
  }

  async healthy(): Promise<boolean> {
    const redis = this.#redis
    if (!redis || this.#lapsed || this.#stopping || redis.subscriber.status !== 'ready') return false
    try {
      return (await redis.commands.ping()) === 'PONG'
    } catch {
      return false
    }
  }

  send(node: NodeId, event: ClusterEvent): void {
    if (node === this.node) return this.#hooks?.receive(event)
    this.#commands()
      .publish(this.#keys.channel(node), JSON.stringify(event))
      .catch((error: unknown) => this.#logger.warn('could not send an event to another process', { to: node, event: event.t, error }))
  }

  async joinRoom(room: RoomCode, peerId: PeerId, holder: Address, options: { takeOver?: boolean } = {}): Promise<JoinRoomOutcome> {
    const { keyTtlMs, maxPeersPerRoom } = this.#options
    const takeOver = options.takeOver ? 1 : 0
    const reply = await this.#scripts().tonghwaJoin(this.#keys.room(room), this.#keys.peer(peerId), peerId, this.node, maxPeersPerRoom, keyTtlMs, this.#keys.peerPrefix, holder, takeOver)
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new Error('unexpected reply from the join script')
    if (reply[0] === 'clash') return { ok: false, reason: 'clash' }
    const { gone, members } = toOutcome(parseRoomReply(reply[1], reply[2]))
    if (reply[0] === 'full') return { ok: false, reason: 'full', peers: members, gone }
    let local = this.#rooms.get(room)
    if (!local) this.#rooms.set(room, (local = new Map()))
    local.set(peerId, holder)
    if (reply[0] !== 'took') return { ok: true, peers: members, gone }
    const peers = members.filter((member) => member.peerId !== peerId)
    // A key written by an older process names only its node: that holder cannot be told, it is left to expire.
    const previous: unknown = reply[3]
    return isAddress(previous) && previous !== holder ? { ok: true, peers, gone, tookOver: true, replaced: previous } : { ok: true, peers, gone, tookOver: true }
  }

  async leaveRoom(room: RoomCode, peerId: PeerId, holder: Address): Promise<LeaveRoomOutcome> {
    // Forgotten first: even if Redis does not answer, this process stops refreshing the member and it expires.
    // Only while this connection holds it here: a take over on this process made the id another's.
    const local = this.#rooms.get(room)
    if (local?.get(peerId) === holder) local.delete(peerId)
    if (local?.size === 0) this.#rooms.delete(room)
    const reply = await this.#scripts().tonghwaLeave(this.#keys.room(room), this.#keys.peer(peerId), peerId, this.#keys.peerPrefix, holder)
    if (!Array.isArray(reply)) throw new Error('unexpected reply from the leave script')
    const { gone, members } = toOutcome(parseRoomReply(reply[1], reply[2]))
    return { left: reply[0] === 1, remaining: members, gone }
  }

  async findMember(room: RoomCode, peerId: PeerId): Promise<RoomMember | undefined> {
    const value = await this.#commands().hget(this.#keys.room(room), peerId)
    const node = value?.slice(value.indexOf('|') + 1)
    return node ? { peerId, node: node as NodeId } : undefined
  }

  get localRoomCount(): number {
    return this.#rooms.size
  }

  async claimCode(code: RoomCode, fingerprint: string, admit: () => NewCodeVerdict): Promise<CodeClaim> {
    const ttl = this.#options.codeBindingTtlMs
    // A lifetime of 0 binds nothing (as in memory): nothing to charge or refuse.
    if (ttl === 0) return CLAIMED
    // Stored as a digest: the fingerprint itself would give away the personal code to anyone reading Redis.
    const key = this.#keys.binding(code)
    const value = digest(fingerprint)
    // Looked at first without writing, so that a register refused by the budget leaves nothing in Redis.
    const status = await this.#scripts().tonghwaCheckBinding(key, value, ttl)
    if (status === BINDING_OWNED) return CLAIMED
    if (status !== BINDING_FREE) return TAKEN
    // Redis keeps bindings until they expire (no table to fill, so no SIG_ERR_CODE_TABLE_FULL): only the budget.
    const admitted = admit()
    if (!admitted.ok) return admitted
    // Another process may have bound the code since: the claim script settles it atomically.
    return (await this.#scripts().tonghwaClaim(key, value, ttl)) === BINDING_OWNED ? CLAIMED : TAKEN
  }

  async touchCode(code: RoomCode): Promise<void> {
    if (this.#options.codeBindingTtlMs > 0) await this.#commands().pexpire(this.#keys.binding(code), this.#options.codeBindingTtlMs)
  }

  async publishPresence(code: RoomCode, address: Address): Promise<Address | undefined> {
    const previous = await this.#commands().call('SET', this.#keys.presence(code), address, 'PX', String(this.#options.keyTtlMs), 'GET')
    this.#presence.set(code, address)
    return isAddress(previous) && previous !== address ? previous : undefined
  }

  async withdrawPresence(code: RoomCode, address: Address): Promise<void> {
    if (this.#presence.get(code) === address) this.#presence.delete(code)
    await this.#scripts().tonghwaWithdraw(this.#keys.presence(code), address)
  }

  async lookupPresence(code: RoomCode): Promise<Address | undefined> {
    const value = await this.#commands().get(this.#keys.presence(code))
    return isAddress(value) ? value : undefined
  }

  /** Refreshes every key of this process and sweeps its rooms for dead members, in one round trip. */
  async #beat(): Promise<void> {
    if (this.#beating || this.#stopping || !this.#redis) return
    this.#beating = true
    const started = performance.now()
    const { keyTtlMs } = this.#options
    try {
      const pipeline = this.#redis.commands.pipeline()
      const peers = [...this.#rooms.values()].flatMap((members) => [...members.keys()])
      for (const peerId of peers) pipeline.pexpire(this.#keys.peer(peerId), keyTtlMs)
      for (const code of this.#presence.keys()) pipeline.pexpire(this.#keys.presence(code), keyTtlMs)
      const rooms = [...this.#rooms.keys()]
      const sweeps = pipeline as unknown as ScriptCommands<unknown>
      for (const room of rooms) sweeps.tonghwaSweep(this.#keys.room(room), keyTtlMs, this.#keys.peerPrefix)
      const results = (await pipeline.exec()) ?? []
      for (const [error] of results) if (error) throw error
      const refreshed = results.slice(0, peers.length).map(([, value]) => value)
      const lost = peers.filter((peerId, i) => refreshed[i] === 0 && this.#isLocalMember(peerId))
      if (lost.length > 0) return this.#lapse(`${lost.length} of this process's room members expired in Redis`)
      results.slice(results.length - rooms.length).forEach(([, value], i) => this.#swept(rooms[i]!, value))
      this.#aliveUntil = started + keyTtlMs
      // Serving again needs events too: without them, messages from other processes would not arrive.
      if (this.#lapsed && this.#redis.subscriber.status === 'ready') {
        this.#logger.info('the shared cluster state is reachable again')
        this.#lapsed = false
      }
    } catch (error) {
      this.#logger.warn('could not refresh this process in Redis', { error })
    } finally {
      this.#beating = false
    }
    if (performance.now() > this.#aliveUntil) this.#lapse(`no refresh for ${keyTtlMs} ms`)
  }

  /** Tells the survivors of a swept room about the members that were found dead. */
  #swept(room: RoomCode, value: unknown): void {
    if (!Array.isArray(value)) return
    const { gone, members } = toOutcome(parseRoomReply(value[0], value[1]))
    for (const peerId of gone) {
      this.#logger.info('removed a member whose process is gone', { peerId })
      for (const survivor of members) this.send(survivor.node, { t: 'peer', peerId: survivor.peerId, message: { v: 1, type: 'peer-left', peerId, reason: 'disconnected' } })
    }
    const alive = new Set(members.map((member) => member.peerId))
    const local = this.#rooms.get(room)
    if (local && [...local.keys()].some((peerId) => !alive.has(peerId))) this.#lapse('a room no longer lists members of this process')
  }

  #isLocalMember(peerId: PeerId): boolean {
    for (const members of this.#rooms.values()) if (members.has(peerId)) return true
    return false
  }

  #lapse(reason: string): void {
    if (this.#lapsed || this.#stopping) return
    this.#lapsed = true
    // Until a refresh succeeds again (`#beat`); new connections meanwhile fail on their first request.
    this.#aliveUntil = Number.POSITIVE_INFINITY
    this.#hooks?.lapsed(reason)
  }

  #deliver(text: string): void {
    const event = parseClusterEvent(text)
    if (event === undefined) return this.#logger.warn('dropped a malformed event from the cluster channel')
    try {
      this.#hooks?.receive(event)
    } catch (error) {
      this.#logger.error('failed to handle an event from another process', { event: event.t, error })
    }
  }

  /** The command connection, for serving requests: refused while lapsed, so nothing is served half-connected. */
  #commands(): RedisConnections['commands'] {
    if (!this.#redis) throw new Error('the Redis backplane is not started')
    if (this.#lapsed) throw new Error('this process has lost its place in the cluster until Redis answers again')
    return this.#redis.commands
  }

  #scripts(): ScriptCommands<Promise<unknown>> {
    return this.#commands() as unknown as ScriptCommands<Promise<unknown>>
  }
}

function toOutcome(reply: RoomReply): { gone: PeerId[]; members: RoomMember[] } {
  return {
    gone: reply.gone as PeerId[],
    members: reply.members.map(({ peerId, node }) => ({ peerId: peerId as PeerId, node: node as NodeId })),
  }
}
