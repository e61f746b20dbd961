/**
 * The process's limit on open file descriptors (`ulimit -n`, RLIMIT_NOFILE), which bounds how many sockets the
 * server can hold: past it `accept()` fails, and with it every new connection, `/healthz` included.
 *
 * Node raises its own soft limit to the hard limit as it starts, so the number that counts is the one in force
 * now, read from `/proc/self/limits` (Linux). Elsewhere it cannot be read without native code; the
 * `openFilesLimit` option gives it instead.
 */
import { readFileSync } from 'node:fs'

/** The soft "Max open files" of a `/proc/<pid>/limits` text; undefined when absent or "unlimited". */
export function parseOpenFilesLimit(procLimits: string): number | undefined {
  const line = procLimits.split('\n').find((text) => text.startsWith('Max open files'))
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/, 1)[0]
  if (soft === undefined || !/^\d+$/.test(soft)) return undefined
  const value = Number(soft)
  return Number.isSafeInteger(value) ? value : undefined
}

/** This process's soft limit, or undefined where `/proc/self/limits` does not exist (macOS, Windows). */
export function readOpenFilesLimit(path = '/proc/self/limits'): number | undefined {
  try {
    return parseOpenFilesLimit(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}
