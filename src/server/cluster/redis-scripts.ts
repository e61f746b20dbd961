/**
 * The Lua scripts that change rooms in Redis. A script runs atomically, so "is the room full? then add me" cannot
 * be split by another process joining at the same moment, and whoever removes a dead member learns it was the
 * one (and tells the survivors).
 *
 * A member is alive while its peer key exists (its process refreshes it); every script first removes members
 * whose key is gone (`purge`). Scripts build peer keys from a prefix passed in ARGV, which a single Redis allows;
 * Redis Cluster would not (and is not supported).
 */

const HELPERS = `
local function purge(room, peerPrefix)
  local gone = {}
  for _, field in ipairs(redis.call('HKEYS', room)) do
    if field ~= '#seq' and redis.call('EXISTS', peerPrefix .. field) == 0 then
      redis.call('HDEL', room, field)
      gone[#gone + 1] = field
    end
  end
  return gone
end

local function members(room)
  local all = redis.call('HGETALL', room)
  local list = {}
  for i = 1, #all, 2 do
    if all[i] ~= '#seq' then
      local value = all[i + 1]
      local bar = string.find(value, '|', 1, true)
      list[#list + 1] = { tonumber(string.sub(value, 1, bar - 1)), all[i], string.sub(value, bar + 1) }
    end
  end
  table.sort(list, function(a, b) return a[1] < b[1] end)
  local flat = {}
  for _, member in ipairs(list) do
    flat[#flat + 1] = member[2]
    flat[#flat + 1] = member[3]
  end
  return flat
end
`

/**
 * KEYS: room, peer key. ARGV: peer id, node, max peers, ttl ms, peer prefix, holder address, take over (1 or 0).
 * → {status, gone, members, previous holder}: `ok` (joined), `full`, `clash` (the id is in use), or `took` (take
 * over: the id was a member of this room, and is now the new holder's, keeping its place; members include it).
 * The peer key names the connection that holds the id, so that only that connection's leave removes it.
 */
const JOIN = `${HELPERS}
local held = redis.call('GET', KEYS[2])
if held then
  local value = redis.call('HGET', KEYS[1], ARGV[1])
  if ARGV[7] ~= '1' or not value then return { 'clash', {}, {}, '' } end
  local gone = purge(KEYS[1], ARGV[5])
  local bar = string.find(value, '|', 1, true)
  redis.call('HSET', KEYS[1], ARGV[1], string.sub(value, 1, bar) .. ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[4])
  return { 'took', gone, members(KEYS[1]), held }
end
local gone = purge(KEYS[1], ARGV[5])
local list = members(KEYS[1])
if #list / 2 >= tonumber(ARGV[3]) then return { 'full', gone, list, '' } end
local seq = redis.call('HINCRBY', KEYS[1], '#seq', 1)
redis.call('HSET', KEYS[1], ARGV[1], seq .. '|' .. ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[4])
return { 'ok', gone, list, '' }
`

/**
 * KEYS: room, peer key. ARGV: peer id, peer prefix, holder address. → {left, gone, remaining members}. Removes the
 * member only while `holder` holds it (left 1): after a take over, the old holder's leave removes nothing (left 0).
 */
const LEAVE = `${HELPERS}
local left = 0
if redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
  left = 1
end
local gone = purge(KEYS[1], ARGV[2])
local list = members(KEYS[1])
if #list == 0 then redis.call('DEL', KEYS[1]) end
return { left, gone, list }
`

/** KEYS: room. ARGV: ttl ms, peer prefix. Removes the dead, keeps the room alive. → {gone, members}. */
const SWEEP = `${HELPERS}
local gone = purge(KEYS[1], ARGV[2])
local list = members(KEYS[1])
if #list == 0 then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { gone, list }
`

/** Replies of the binding scripts: the code is bound to this fingerprint, to another, or to nothing. */
export const BINDING_OWNED = 1
export const BINDING_TAKEN = 0
export const BINDING_FREE = 2

/**
 * KEYS: binding. ARGV: fingerprint digest, ttl ms. → 1 bound to this fingerprint (its lifetime renewed), 0 bound
 * to another, 2 bound to nothing. Writes nothing for a free code: whether to bind it is decided after.
 */
const CHECK_BINDING = `
local current = redis.call('GET', KEYS[1])
if not current then return 2 end
if current ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

/** KEYS: binding. ARGV: fingerprint digest, ttl ms. → 1 when the code may be used (and is now bound), else 0. */
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`

/** KEYS: presence. ARGV: address. Deletes the key only while it still names this address. */
const WITHDRAW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

/** For `defineCommand`: the name each script gets on the client and on pipelines. */
export const SCRIPTS = {
  tonghwaJoin: { numberOfKeys: 2, lua: JOIN },
  tonghwaLeave: { numberOfKeys: 2, lua: LEAVE },
  tonghwaSweep: { numberOfKeys: 1, lua: SWEEP },
  tonghwaCheckBinding: { numberOfKeys: 1, lua: CHECK_BINDING },
  tonghwaClaim: { numberOfKeys: 1, lua: CLAIM },
  tonghwaWithdraw: { numberOfKeys: 1, lua: WITHDRAW },
} as const

type Arg = string | number
/** The scripts as methods, as ioredis adds them to a client or a pipeline with `defineCommand`. */
export type ScriptCommands<R> = { [name in keyof typeof SCRIPTS]: (...args: Arg[]) => R }

/** A room's members as a script returns them: `[peerId, node, peerId, node, …]`, oldest first. */
export interface RoomReply {
  gone: string[]
  members: Array<{ peerId: string; node: string }>
}

/** Reads `[gone, members]` (leave, sweep) or the tail of `[status, gone, members]` (join). */
export function parseRoomReply(gone: unknown, members: unknown): RoomReply {
  if (!isStringArray(gone) || !isStringArray(members) || members.length % 2 !== 0) throw new Error('unexpected reply from a room script')
  const pairs: RoomReply['members'] = []
  for (let i = 0; i < members.length; i += 2) pairs.push({ peerId: members[i]!, node: members[i + 1]! })
  return { gone, members: pairs }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}
