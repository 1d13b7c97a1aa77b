import Foundation
import ServoBus
import SteadyCore
import SteadyTesting

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A robot shipped under robots/.
func shippedRobot(_ name: String) throws -> RobotDescription {
    try RobotDescription.load(file: repositoryRoot.appendingPathComponent("robots/\(name)/robot.yaml"))
}

/// A twin of `name` behind an in-process transport, and a robot bus talking to it.
func inProcessTwin(_ name: String) throws -> (ServoTwin, RobotBus, PacketBus) {
    let robot = try shippedRobot(name)
    let twin = ServoTwin(robot: robot)
    let packets = PacketBus(transport: TwinTransport(twin: twin), protocolKind: robot.protocolKind, retries: 0,
                            latencyAllowanceSeconds: 0)
    return (twin, RobotBus(robot: robot, bus: packets), packets)
}
