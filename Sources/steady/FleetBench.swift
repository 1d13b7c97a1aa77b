import ArgumentParser
import Foundation
import Learning

/// `steady bench fleet`: transitions per second into one learner from N actors, paced at a
/// robot's rate and CPU-bound, with the learner's own update rate beside them.
struct FleetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Measure transitions/s into one learner from N paced actors (a fleet of arms) and N CPU-bound ones.",
        discussion: """
        For each row starts a fresh `steady sidecar` on TCP (127.0.0.1, a free port) and N \
        `steady actor` processes, lets them run --warmup seconds, then measures for --seconds \
        from the learner's progress.csv: transitions stored per second, gradient updates per \
        second. Paced actors (`steady actor --pace RATE`) step on the clock as a robot's loop \
        does, so they stand for a fleet of arms or real-time twins: what scales is the wire and \
        the learner, not the simulator's CPU. CPU-bound actors step as fast as they can and \
        show what this machine's cores allow. Each stored transition buys --utd updates, and \
        an actor waits for the learner's acknowledgement, so a learner that cannot keep up \
        shows as fewer transitions per second and updates/s ≈ utd × transitions/s.

        Target (issue 13): 8 paced actors deliver ≥ 0.8 × 8 × the rate of one. Take figures \
        on a quiet machine; numbers taken beside a build are exploratory.

        Examples:
          steady bench fleet --paced 1,2,4,8 --cpu 1,2 --seconds 20
          steady bench fleet --paced 1,4,8 --cpu "" --net 256,256     (where the learner saturates)
        """)

    @Option(name: .long, help: "Environment the actors step (its spaces make the spec).")
    var env = "so101:reach"

    @Option(name: .long, help: "Actor counts of paced rows, comma-separated (each 1–64; empty: none).", transform: FleetBench.counts)
    var paced = [1, 2, 4, 8]

    @Option(name: .long, help: "Actor counts of CPU-bound rows, comma-separated (each 1–64; empty: none).", transform: FleetBench.counts)
    var cpu = [1, 2]

    @Option(name: .long, help: "Steps per second of each paced actor, Hz.", transform: SidecarRanges.pace.parse)
    var rate = 50.0

    @Option(name: .long, help: "Seconds measured per row (0–3600).", transform: CommandRanges.benchmarkSeconds.parse)
    var seconds = 20.0

    @Option(name: .long, help: "Seconds per row before measuring (0–3600).", transform: CommandRanges.benchmarkSeconds.parse)
    var warmup = 5.0

    @Option(name: .long, help: "Hidden widths of the learner's networks and the actors' (default 64,64: a learner with room to spare, so the rows measure the wire; 256,256 shows it saturate).",
            transform: hiddenSizesArgument)
    var net = "64,64"

    @Option(name: .long, help: "Transitions per gradient update of the learner.", transform: TrainingRanges.batch.parse)
    var batch = 256

    @Option(name: .long, help: "Gradient updates per stored transition, 1–20.", transform: SidecarRanges.utd.parse)
    var utd = 1

    static func counts(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map {
            guard let n = Int($0.trimmingCharacters(in: .whitespaces)), (1...64).contains(n) else {
                throw ValidationError("actor counts must be integers 1–64, comma-separated, not '\(text)'")
            }
            return n
        }
    }

    func run() throws {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-fleet-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        print("fleet bench: \(env), learner sac \(net) batch \(batch) utd \(utd), TCP on 127.0.0.1; \(fixed(warmup, 0)) s warm-up + \(fixed(seconds, 0)) s per row")
        print(cell("actors", 8) + cell("kind", 14) + cell("transitions/s", 15) + cell("× one", 8) + cell("target", 16)
              + cell("updates/s", 11) + cell("batch", 7) + cell("UTD", 6) + "late rounds")
        flushOutput()
        let rows = paced.map { (actors: $0, pace: Optional(rate)) } + cpu.map { (actors: $0, pace: Double?.none) }
        var one: [Bool: Double] = [:]
        for (index, row) in rows.enumerated() {
            let m = try FleetRun(env: env, net: net, batch: batch, utd: utd, actors: row.actors, pace: row.pace,
                                 directory: work.appendingPathComponent("row\(index)"))
                .measure(warmupSeconds: warmup, seconds: seconds)
            let isPaced = row.pace != nil
            if row.actors == 1 { one[isPaced] = m.transitionsPerSecond }
            let ratio = one[isPaced].map { m.transitionsPerSecond / $0 }
            var target = ""
            if isPaced, row.actors > 1, let ratio {
                target = "≥ \(fixed(0.8 * Double(row.actors), 1)) \(ratio >= 0.8 * Double(row.actors) ? "met" : "MISSED")"
            }
            print(cell(String(row.actors), 8) + cell(isPaced ? "paced \(fixed(rate, 0)) Hz" : "cpu-bound", 14)
                  + cell(fixed(m.transitionsPerSecond, 1), 15) + cell(ratio.map { fixed($0, 2) } ?? "-", 8) + cell(target, 16)
                  + cell(fixed(m.updatesPerSecond, 0), 11) + cell(String(batch), 7)
                  + cell(m.transitionsPerSecond > 0 ? fixed(m.updatesPerSecond / m.transitionsPerSecond, 2) : "-", 6)
                  + (isPaced ? String(m.lateRounds) : "-"))
            flushOutput()
        }
        print("learner capacity ≈ updates/s ÷ UTD transitions/s; past it, actors wait on acknowledgements (see README, \"Many actors, one learner (Ray)\").")
    }
}
