import ServoWire
import SteadyCore

/// The firmware of every motor on one robot's bus, answering instruction packets as the real
/// servos would, over a `ServoPlant` that supplies the physics.
///
/// Pure request → reply logic; `TwinServer` puts it on a pseudo-terminal with timing and faults.
/// Unknown ids stay silent; broadcast instructions get no reply except PING, which every motor
/// answers in id order (Dynamixel documents this; Feetech's SDK never sends a broadcast PING, the
/// twin answers it the same way).
public final class ServoTwin {
    public let robot: RobotDescription
    public let codec: any ServoCodec
    /// One firmware per joint, in joint order.
    public let motors: [ServoFirmware]
    public let plant: ServoPlant
    /// Simulated time advanced so far, seconds.
    public private(set) var elapsedSeconds = 0.0

    /// Creates the twin with every motor at factory settings and the plant's initial pose.
    public init(robot: RobotDescription, plant: ServoPlant) {
        precondition(plant.motorCount == robot.joints.count, "plant has \(plant.motorCount) motors, robot \(robot.joints.count)")
        self.robot = robot
        self.plant = plant
        codec = makeCodec(for: robot.protocolKind)
        motors = robot.joints.map { ServoFirmware(model: $0.model, id: $0.id.rawValue, baudRate: robot.baudRate) }
        for (index, motor) in motors.enumerated() {
            motor.update(from: plant.reading(motor: index))
            motor.set(.goalPosition, motor.value(.presentPosition) ?? motor.model.halfTurnTicks)
        }
    }

    /// Creates a twin of `robot` over a `FirstOrderPlant`.
    public convenience init(robot: RobotDescription) {
        self.init(robot: robot, plant: FirstOrderPlant(models: robot.joints.map(\.model)))
    }

    /// The motor currently answering to `id` on the twin's port (ids can be rewritten through
    /// the ID register; a motor moved to another baud answers no more).
    public func motor(id: UInt8) -> ServoFirmware? { motors.first { $0.id == id && $0.listens } }

    /// Counts changes of what the motors keep at power-off (`ServoFirmware.powerOnImage`).
    public var persistentRevision: Int { motors.reduce(0) { $0 + $1.persistentRevision } }

    /// Power-cycles every motor: RAM at factory values, EEPROM as kept.
    public func powerCycle() {
        for motor in motors { motor.reboot() }
    }

    /// Advances the plant by `seconds` and refreshes every motor's Present_* registers.
    public func advance(seconds: Double) throws {
        try plant.advance(seconds: seconds, drives: motors.map { $0.drive() })
        elapsedSeconds += seconds
        for (index, motor) in motors.enumerated() { motor.update(from: plant.reading(motor: index)) }
    }

    /// The reply frames to one instruction packet, in the order the motors would send them.
    public func respond(to packet: InstructionPacket) -> [[UInt8]] {
        let broadcast = packet.id == ServoRequest.broadcastID
        guard broadcast || motor(id: packet.id) != nil else { return [] }
        let request: ServoRequest
        do {
            request = try codec.request(from: packet)
        } catch {
            guard !broadcast, let motor = motor(id: packet.id), robot.protocolKind == .dynamixel else { return [] }
            return [status(motor, error: .instruction)]
        }
        switch request.instruction {
        case .ping:
            let targets = broadcast ? motors.filter(\.listens).sorted { $0.id < $1.id } : [motor(id: packet.id)!]
            return targets.map { motor in
                let parameters: [UInt8] = robot.protocolKind == .dynamixel
                    ? [UInt8(motor.model.modelNumber & 0xFF), UInt8(motor.model.modelNumber >> 8), UInt8(motor.value(.firmwareVersion) ?? 0)]
                    : []
                return status(motor, parameters: parameters, isPing: true)
            }
        case let .read(address, length):
            guard !broadcast, let motor = motor(id: packet.id) else { return [] }
            switch motor.read(address: Int(address), length: Int(length)) {
            case let .success(data): return [status(motor, parameters: data, isRead: true)]
            case let .failure(error): return [status(motor, error: error, isRead: true)]
            }
        case let .write(address, data):
            return applyAndAnswer(packet.id) { $0.write(address: Int(address), data: data) }
        case let .regWrite(address, data):
            return applyAndAnswer(packet.id) { motor in
                motor.pendingWrite = (Int(address), data)
                return nil
            }
        case .action:
            return applyAndAnswer(packet.id) { motor in
                guard let pending = motor.pendingWrite else { return nil }
                motor.pendingWrite = nil
                return motor.write(address: pending.address, data: pending.data)
            }
        case .reboot:
            guard !broadcast, let motor = motor(id: packet.id) else { return [] }
            let reply = status(motor)
            motor.reboot()
            return [reply]
        case let .syncRead(address, length, ids):
            return ids.compactMap { id in
                guard let motor = motor(id: id), case let .success(data) = motor.read(address: Int(address), length: Int(length)) else { return nil }
                return status(motor, parameters: data, isRead: true)
            }
        case let .fastSyncRead(address, length, ids):
            guard let dynamixel = codec as? DynamixelCodec else { return [] }
            let replies = ids.compactMap { id -> FastSyncReadReply? in
                guard let motor = motor(id: id), case let .success(data) = motor.read(address: Int(address), length: Int(length)) else { return nil }
                return FastSyncReadReply(id: id, error: motor.statusErrorByte, data: data)
            }
            return replies.isEmpty ? [] : [dynamixel.encodeFastSyncReadStatus(replies)]
        case let .syncWrite(address, _, items):
            for item in items { motor(id: item.id)?.write(address: Int(address), data: item.data) }
            return []
        case let .bulkRead(items):
            return items.compactMap { item in
                guard let motor = motor(id: item.id), case let .success(data) = motor.read(address: Int(item.address), length: Int(item.length)) else { return nil }
                return status(motor, parameters: data, isRead: true)
            }
        case let .bulkWrite(items):
            for item in items { motor(id: item.id)?.write(address: Int(item.address), data: item.data) }
            return []
        }
    }

    /// Runs `body` on the addressed motor (or all for broadcast); answers only a unicast.
    private func applyAndAnswer(_ id: UInt8, _ body: (ServoFirmware) -> FirmwareError?) -> [[UInt8]] {
        if id == ServoRequest.broadcastID {
            for motor in motors where motor.listens { _ = body(motor) }
            return []
        }
        guard let motor = motor(id: id) else { return [] }
        let error = body(motor)
        return [status(motor, error: error)]
    }

    /// A status frame, or nothing when the motor's status return level suppresses it.
    private func status(_ motor: ServoFirmware, parameters: [UInt8] = [], error: FirmwareError? = nil,
                        isPing: Bool = false, isRead: Bool = false) -> [UInt8] {
        guard motor.answers(isPing: isPing, isRead: isRead) else { return [] }
        return codec.encode(StatusPacket(id: motor.id, error: motor.statusErrorByte(for: error), parameters: parameters))
    }
}
