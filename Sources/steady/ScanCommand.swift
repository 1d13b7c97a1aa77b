import ArgumentParser
import Foundation
import ServoBus
import SteadyCore

/// `steady scan`: find the motors on a bus.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find the motors on a serial bus: ids and model names.",
        discussion: """
        Dynamixel buses are scanned with one broadcast PING; Feetech buses with a PING per id \
        (0–252). With --baud auto, the common baud rates are tried in turn until motors answer.
        """)

    @Option(name: .long, help: "Serial port, e.g. /dev/ttyUSB0 or a twin's link.")
    var port: String

    @Option(name: .long, help: "feetech or dynamixel (default: try both).")
    var `protocol`: ServoProtocolKind?

    @Option(name: .long, help: "Baud rate, or 'auto' to try the common rates.")
    var baud: String = "auto"

    static let commonBaudRates = [1_000_000, 57_600, 115_200, 500_000, 2_000_000, 3_000_000, 4_000_000, 9_600]

    func run() throws {
        let bauds: [Int]
        if baud == "auto" {
            bauds = Self.commonBaudRates
        } else if let value = try? RobotRanges.baud.parse(baud) {
            bauds = [value]
        } else {
            throw ValidationError("--baud must be 'auto' or \(RobotRanges.baud), got '\(baud)'")
        }
        let protocols = self.protocol.map { [$0] } ?? [.feetech, .dynamixel]
        for rate in bauds {
            for kind in protocols {
                let serial = try SerialPort(path: port, baudRate: rate)
                let bus = PacketBus(transport: serial, protocolKind: kind, retries: 0, latencyAllowanceSeconds: 0.002)
                if standardOutputIsTerminal { print("scanning \(port): \(kind.rawValue) @ \(rate) baud…") }
                let found = try scan(bus, kind: kind)
                guard !found.isEmpty else { continue }
                print("\(port): \(found.count) \(kind.rawValue) motor\(found.count == 1 ? "" : "s") @ \(rate) baud")
                print("   id  model        model number")
                for (id, number) in found {
                    let name = MotorModel.withNumber(number, protocolKind: kind)?.name ?? "unknown"
                    print("  \(padLeft(id.description, 3))  \(padRight(name, 12)) \(number)")
                }
                return
            }
        }
        printError("\(port): no motors answered (\(protocols.map(\.rawValue).joined(separator: ", ")); baud \(baud)). Check power, wiring and baud rate.")
        throw ExitCode.failure
    }

    private func scan(_ bus: PacketBus, kind: ServoProtocolKind) throws -> [(ServoID, UInt16)] {
        if kind == .dynamixel {
            return try bus.broadcastPing().map { ($0.id, $0.modelNumber) }
        }
        let present = try bus.scanPing(ids: Array(0...252))
        // These ids answered: asking their model may take its time (a slow adapter, a busy twin).
        bus.retries = 2
        bus.latencyAllowanceNanoseconds = 20_000_000
        return try present.compactMap { id in
            try bus.ping(id).map { (id, $0) }
        }
    }
}

extension ServoProtocolKind: ExpressibleByArgument {}
