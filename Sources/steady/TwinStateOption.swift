import ArgumentParser
import Foundation
import ServoBus
import ServoWire
import SteadyCore

/// `steady twin --state FILE`: the motors' power-on EEPROM kept across twin restarts.
struct TwinStateOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Keep what the motors keep at power-off (Feetech: EEPROM written while Lock was 0; Dynamixel: the EEPROM area) in FILE, across restarts: restored at start, rewritten atomically after every change; created with factory values if missing. Without it every start is factory-fresh.",
        valueName: "FILE"))
    var state: String?

    /// Restores `twin` from the state file, or creates the file from the fresh twin; returns the
    /// banner line (nil without `--state`).
    /// - Throws: `SteadyFileError` naming the file and the field.
    func prepare(_ twin: ServoTwin) throws -> String? {
        guard let state else { return nil }
        let url = URL(fileURLWithPath: state)
        guard FileManager.default.fileExists(atPath: url.path) else {
            try TwinStateFile.save(twin, to: url)
            return "state: \(state) (new: factory values)"
        }
        try TwinStateFile.restore(twin, from: url)
        let quiet = zip(twin.robot.joints, twin.motors).filter { !$0.1.listens }.map(\.0.name)
        return "state: restored from \(state)"
            + (quiet.isEmpty ? "" : "; Baud_Rate set to another baud, silent here: \(quiet.joined(separator: ", "))")
    }

    /// The file to save changes to, nil without `--state`.
    var url: URL? { state.map { URL(fileURLWithPath: $0) } }
}

/// A robot whose baud some motor model cannot run at: no real bus could exist.
struct UnsupportedBaudError: Error, CustomStringConvertible {
    var robot: RobotDescription
    var model: MotorModel

    var description: String {
        let bauds = ControlTable.for(model).baudRates.map(String.init).joined(separator: ", ")
        return "\(robot.name): \(model.name) has no Baud_Rate code for \(robot.baudRate) baud (it runs at \(bauds))"
    }

    /// Throws for the first motor model of `robot` that cannot run at its baud.
    static func check(_ robot: RobotDescription) throws {
        if let joint = robot.joints.first(where: { ControlTable.for($0.model).baudRateCode(for: robot.baudRate) == nil }) {
            throw UnsupportedBaudError(robot: robot, model: joint.model)
        }
    }
}
