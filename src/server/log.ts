/**
 * Structured logging: one JSON object per line on stderr, so a deployment can pipe it into anything that reads
 * JSON lines, and stdout stays free for `--help`. Tests pass `silentLogger`.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface JsonLoggerOptions {
  /** Lines below this level are dropped. Default `'info'`. */
  level?: LogLevel
  /** Where each line goes (without its newline added). Default: `process.stderr`. */
  write?: (line: string) => void
  /** Clock, injectable for tests. Default `() => new Date()`. */
  now?: () => Date
}

export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const minimum = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => void process.stderr.write(line))
  const now = options.now ?? (() => new Date())
  const log = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (RANK[level] < minimum) return
    const head = { time: now().toISOString(), level, msg }
    // `head` twice: its keys come first in the line, and its values win over a field of the same name.
    write(`${safeStringify(Object.assign({}, head, fields, head))}\n`)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A logger that adds `fields` to every line (the line's own fields win), e.g. the process's node id. */
export function withFields(logger: Logger, fields: LogFields): Logger {
  const log = (level: LogLevel) => (msg: string, own: LogFields = {}) => logger[level](msg, { ...fields, ...own })
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/** Drops everything; for tests and for embedders that log elsewhere. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** Errors become `{ name, message }` (JSON.stringify would give `{}`); a cycle must not crash the server. */
function safeStringify(value: LogFields): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))
  } catch {
    return JSON.stringify({ time: value.time, level: value.level, msg: value.msg, fields: 'unserializable' })
  }
}
