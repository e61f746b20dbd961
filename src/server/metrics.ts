/**
 * Prometheus metrics for `GET /metrics`, with prom-client. Each server has its own `Registry` (never the
 * library's global one), so several servers in one process (tests, an embedder) do not mix their numbers.
 *
 * Gauges are read from the server when scraped; counters count as things happen. Every number is about this
 * process: in a cluster, sum over processes (a room with its two members on two processes counts on both).
 * What each one means is in docs/deployment.md.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client'
import type { ClientMessage } from '../shared/protocol'

export interface ServerStats {
  connections: number
  rooms: number
  registered: number
  ringing: number
  /** TCP connections on the signaling port, WebSockets included (socket-guard.ts). */
  sockets: number
}

/** What the server reports as it works. `noMetrics` when metrics are off. */
export interface ServerMetrics {
  /** A valid client message of this type was received. */
  received(type: ClientMessage['type']): void
  /** A signal was relayed to another peer. */
  relayed(kind: 'offer' | 'answer' | 'candidate'): void
  /** An `error` was sent, or a connection closed, with this code. */
  error(code: string): void
  /** A backplane operation (Redis) failed. */
  backplaneFailure(): void
}

export const noMetrics: ServerMetrics = { received() {}, relayed() {}, error() {}, backplaneFailure() {} }

export interface PrometheusMetrics extends ServerMetrics {
  /** The metrics in the Prometheus text format, and the content type to send them with. */
  render(): Promise<{ contentType: string; body: string }>
}

export function createPrometheusMetrics(stats: () => ServerStats): PrometheusMetrics {
  const registry = new Registry()
  // Process and runtime metrics (CPU, memory, event loop lag, GC, open handles), from the same library.
  collectDefaultMetrics({ register: registry })
  const gauge = (name: string, help: string, read: (s: ServerStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(stats()))
      },
    })
  gauge('tonghwa_connections', 'Open WebSocket connections to this process.', (s) => s.connections)
  gauge('tonghwa_rooms', 'Rooms with at least one peer connected to this process.', (s) => s.rooms)
  gauge('tonghwa_registered', 'Connections of this process reachable on a personal code.', (s) => s.registered)
  gauge('tonghwa_calls_ringing', 'Calls made by connections of this process that are ringing.', (s) => s.ringing)
  gauge('tonghwa_sockets', 'TCP connections to the signaling port, WebSockets and plain HTTP; budgeted against the open-files limit.', (s) => s.sockets)
  // Counted in plain numbers and handed to prom-client when scraped: `inc({ type })` hashes and validates the
  // label object on every call (its `labels(...)` children too), and every relayed frame counts twice.
  const received = labelledCounter(registry, 'tonghwa_messages_received_total', 'Valid messages received from clients, by type.', 'type')
  const relayed = labelledCounter(registry, 'tonghwa_messages_relayed_total', 'Signals relayed from one peer to another, by kind of payload.', 'kind')
  const errors = labelledCounter(registry, 'tonghwa_errors_total', 'Errors sent to clients and connections closed by the server, by stable error code.', 'code')
  const backplaneFailures = new Counter({
    name: 'tonghwa_backplane_failures_total',
    help: 'Operations on the shared cluster state (Redis) that failed; each closed a connection with 1013.',
    registers: [registry],
  })
  return {
    received,
    relayed,
    error: errors,
    backplaneFailure: () => backplaneFailures.inc(),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  }
}

/**
 * A counter with one label whose counts are kept in a plain map (one lookup and one addition per event) and
 * added to the prom-client counter at each scrape, so `/metrics` shows the same totals.
 */
function labelledCounter(registry: Registry, name: string, help: string, label: string): (value: string) => void {
  const pending = new Map<string, number>()
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      for (const [value, count] of pending) this.inc({ [label]: value }, count)
      pending.clear()
    },
  })
  return (value) => {
    pending.set(value, (pending.get(value) ?? 0) + 1)
  }
}
