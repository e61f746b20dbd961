/**
 * The DNS-SD records a Tonghwa app announces on its network (RFC 6763 over multicast DNS, RFC 6762), and the
 * one reader of other apps' announcements. Pure: no sockets, tested in Node.
 *
 * One service instance per app: `Tonghwa-<id>._tonghwa._tcp.local` with
 * - SRV: the LAN listener's port, on a host name of its own (`tonghwa-<id>.local`): every computer in the lab,
 *   and many real networks, share host names, and a shared one would make two apps' A records collide;
 * - TXT: `v` (the LAN protocol), `id` (the instance, random per start) and `salt` (random per start: see
 *   src/shared/lan-tag.ts, why a room is never asked for by its code);
 * - A: the app's addresses, for standard browsers (`avahi-browse -r`). Tonghwa itself never uses them: it
 *   connects only to the address an announcement came *from*, so a neighbour cannot point it at another host.
 */
import type { Answer, Packet, SrvAnswer, TxtAnswer } from 'dns-packet'

export const LAN_SERVICE = '_tonghwa._tcp.local'
/** The LAN protocol this app speaks; an app announcing another is counted but never called. */
export const LAN_PROTOCOL_VERSION = 1
/**
 * How long an announcement stays true (s). Announced every `ANNOUNCE_EVERY_MS`, so two in a row can be lost; and
 * an app that vanished without a goodbye (a crash, a sleep) is dropped by the others within this time.
 */
export const ANNOUNCEMENT_TTL_S = 8
export const ANNOUNCE_EVERY_MS = 2_500
/** How often expired announcements are dropped, in ms: often enough that "gone" is known within the TTL, not a tick later. */
export const EXPIRE_EVERY_MS = 500

const ID_PATTERN = /^[0-9a-z]{12}$/
const SALT_PATTERN = /^[A-Za-z0-9_-]{22}$/

/** What this app announces about itself. */
export interface OwnAnnouncement {
  id: string
  port: number
  salt: string
  /** This computer's IPv4 addresses, for the A records. */
  addresses: readonly string[]
}

/** Another app, as far as its announcement says, at the address the announcement came from. */
export interface LanInstance {
  id: string
  /** The source address of the announcing packet: the only address Tonghwa will connect to for it. */
  address: string
  port: number
  salt: string
  version: number
}

export function instanceName(id: string): string {
  return `Tonghwa-${id}.${LAN_SERVICE}`
}

function hostName(id: string): string {
  return `tonghwa-${id}.local`
}

export function announcementRecords(own: OwnAnnouncement, ttl = ANNOUNCEMENT_TTL_S): Answer[] {
  const instance = instanceName(own.id)
  return [
    { name: LAN_SERVICE, type: 'PTR', ttl, data: instance },
    { name: instance, type: 'SRV', ttl, data: { target: hostName(own.id), port: own.port, priority: 0, weight: 0 } },
    { name: instance, type: 'TXT', ttl, data: [`v=${LAN_PROTOCOL_VERSION}`, `id=${own.id}`, `salt=${own.salt}`] },
    ...own.addresses.map((address): Answer => ({ name: hostName(own.id), type: 'A', ttl, data: address })),
  ]
}

/** The records that say "gone" (TTL 0, RFC 6762 §10.1), sent when the app quits or stops listening. */
export function goodbyeRecords(own: OwnAnnouncement): Answer[] {
  return announcementRecords(own, 0)
}

export interface ReadAnnouncements {
  instances: LanInstance[]
  /** Ids whose announcement was withdrawn. */
  goodbyes: string[]
}

/**
 * Every Tonghwa instance a response packet announces, attributed to `sourceAddress`. Anything malformed,
 * oversized or of another service is skipped, never thrown: the packet came from anyone on the network.
 */
export function readAnnouncements(packet: Packet, sourceAddress: string): ReadAnnouncements {
  const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])]
  const result: ReadAnnouncements = { instances: [], goodbyes: [] }
  for (const pointer of records) {
    if (pointer.type !== 'PTR' || !sameName(pointer.name, LAN_SERVICE) || typeof pointer.data !== 'string') continue
    const name = pointer.data
    const txt = records.find((record): record is TxtAnswer => record.type === 'TXT' && sameName(record.name, name))
    const fields = txt ? readTxt(txt.data) : new Map<string, string>()
    const id = fields.get('id') ?? ''
    if (!ID_PATTERN.test(id) || !sameName(name, instanceName(id))) continue
    if (pointer.ttl === 0) {
      result.goodbyes.push(id)
      continue
    }
    const srv = records.find((record): record is SrvAnswer => record.type === 'SRV' && sameName(record.name, name))
    const salt = fields.get('salt') ?? ''
    const version = Number(fields.get('v'))
    const port = srv?.data.port ?? 0
    if (!SALT_PATTERN.test(salt) || !Number.isInteger(version) || version < 1 || !Number.isInteger(port) || port < 1 || port > 65_535) continue
    result.instances.push({ id, address: sourceAddress, port, salt, version })
  }
  return result
}

/** DNS names compare without regard to ASCII case (RFC 1035 §2.3.3). */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

function readTxt(data: TxtAnswer['data']): Map<string, string> {
  const fields = new Map<string, string>()
  const strings = Array.isArray(data) ? data : [data]
  for (const entry of strings.slice(0, 16)) {
    const text = (typeof entry === 'string' ? entry : entry.toString('utf8')).slice(0, 255)
    const equals = text.indexOf('=')
    if (equals > 0 && !fields.has(text.slice(0, equals))) fields.set(text.slice(0, equals), text.slice(equals + 1))
  }
  return fields
}
