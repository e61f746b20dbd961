/**
 * How big the benchmark is. The full run fits in about 12 minutes on a 2-CPU machine, plus about 35 for section 4
 * (bad networks); `BENCH_QUICK=1` shrinks
 * every count and duration for development (its figures are only a smoke test).
 */
export interface BenchConfig {
  quick: boolean
  signaling: {
    rounds: number
    idleClients: number[]
    connectConcurrency: number
    fixed: { pairs: number; rate: number; seconds: number }
    ladder: { rates: number[]; seconds: number; p99LimitMs: number }
  }
  callSetup: { runs: number }
  weight: { paintRuns: number; cpuRounds: number; cpuSeconds: number }
  /** Section 4, bad networks (bench/network/): rounds of every condition, each side once per round, and how long each phase lasts. */
  network: { rounds: number; warmUpSeconds: number; impairedSeconds: number; recoveryLimitSeconds: number; lowDataSeconds: number }
}

export function benchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env.BENCH_QUICK === '1'
  return quick
    ? {
        quick,
        signaling: {
          rounds: 1,
          idleClients: [500, 1_000],
          connectConcurrency: 25,
          fixed: { pairs: 50, rate: 2_000, seconds: 2 },
          ladder: { rates: [2_000, 4_000], seconds: 1.5, p99LimitMs: 50 },
        },
        callSetup: { runs: 3 },
        weight: { paintRuns: 3, cpuRounds: 1, cpuSeconds: 5 },
        network: { rounds: 1, warmUpSeconds: 8, impairedSeconds: 10, recoveryLimitSeconds: 10, lowDataSeconds: 8 },
      }
    : {
        quick,
        signaling: {
          rounds: 3,
          idleClients: [2_000, 5_000],
          connectConcurrency: 25,
          // 400 clients, each sending 20 messages a second.
          fixed: { pairs: 200, rate: 8_000, seconds: 6 },
          ladder: { rates: [2_000, 4_000, 8_000, 12_000, 16_000, 24_000], seconds: 2, p99LimitMs: 50 },
        },
        callSetup: { runs: 10 },
        weight: { paintRuns: 10, cpuRounds: 2, cpuSeconds: 30 },
        // Warm-up long enough for the bandwidth estimate to settle (its last 5 s are the "earlier bitrate"); 30 s
        // impaired, so a freeze or two shows as a share; recovery watched for up to 30 s (the target is 10 s).
        network: { rounds: 3, warmUpSeconds: 15, impairedSeconds: 30, recoveryLimitSeconds: 30, lowDataSeconds: 20 },
      }
}
