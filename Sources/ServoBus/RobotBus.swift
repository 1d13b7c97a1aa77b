import ServoWire
import SteadyCore

/// One motor's present state as raw register values, plus its status error byte.
public struct RawMotorState: Equatable, Sendable {
    public var positionTicks = 0
    public var velocity = 0
    public var load = 0
    /// Present_Current, when the model has it.
    public var current: Int?
    public var temperatureCelsius = 0
    public var voltage = 0
    /// Hardware_Error_Status (Dynamixel), 0 for Feetech (whose faults arrive in `statusError`).
    public var hardwareError = 0
    public var statusError: UInt8 = 0
    public init() {}
}

/// A robot's motors on one bus: named registers, one sync read for the whole present state,
/// one sync write for all goals.
public final class RobotBus {
    public let robot: RobotDescription
    public let bus: ServoBus
    /// Control table per joint.
    public let tables: [ControlTable]
    /// The one address span that covers every Present_* register of every model on the bus.
    public let presentSpan: (address: UInt16, length: UInt16)
    private let ids: [UInt8]

    public init(robot: RobotDescription, bus: ServoBus) {
        self.robot = robot
        self.bus = bus
        tables = robot.joints.map { ControlTable.for($0.model) }
        ids = robot.joints.map(\.id.rawValue)
        // Hardware_Error_Status is not in the span: Dynamixel raises the alert bit of every status
        // when it is non-zero, and only then is it read, motor by motor.
        let names = ["Present_Position", "Present_Velocity", "Present_Load", "Present_Current",
                     "Present_Temperature", "Present_Voltage"]
        var low = Int.max, high = 0
        for table in tables {
            for name in names {
                guard let register = table[name] else { continue }
                low = min(low, Int(register.address))
                high = max(high, register.addresses.upperBound)
            }
        }
        presentSpan = (UInt16(low), UInt16(high - low))
    }

    /// Pings every motor and checks its model number against `robot.yaml`.
    /// - Throws: `ServoBusError.timeout` naming the silent motor, or `.wrongModel`.
    public func verifyMotors() throws {
        for joint in robot.joints {
            guard let number = try bus.ping(joint.id.rawValue) else {
                throw ServoBusError.timeout(port: bus.portName, id: joint.id.rawValue, instruction: "PING (joint \(joint.name))")
            }
            guard number == joint.model.modelNumber else {
                let found = MotorModel.withNumber(number, protocolKind: robot.protocolKind)?.name ?? "model number \(number)"
                throw ServoBusError.wrongModel(port: bus.portName, id: joint.id.rawValue, joint: joint.name,
                                               expected: joint.model.name, found: found)
            }
        }
    }

    /// Reads every motor's present state in one sync read (plus Hardware_Error_Status of any
    /// Dynamixel motor whose status raised the alert bit).
    public func readPresent() throws -> [RawMotorState] {
        let replies = try bus.syncRead(address: presentSpan.address, length: presentSpan.length, ids: ids)
        var states = zip(replies, tables).map { reply, table in
            func field(_ name: String) -> Int? {
                guard let register = table[name] else { return nil }
                let start = Int(register.address) - Int(presentSpan.address)
                return table.decode(reply.data[start..<(start + register.size)], for: register)
            }
            var state = RawMotorState()
            state.positionTicks = field("Present_Position") ?? 0
            state.velocity = field("Present_Velocity") ?? 0
            state.load = field("Present_Load") ?? 0
            state.current = field("Present_Current")
            state.temperatureCelsius = field("Present_Temperature") ?? 0
            state.voltage = field("Present_Voltage") ?? 0
            state.statusError = reply.error
            return state
        }
        if robot.protocolKind == .dynamixel {
            for index in states.indices where states[index].statusError & 0x80 != 0 {
                states[index].hardwareError = try read("Hardware_Error_Status", joint: index)
            }
        }
        return states
    }

    /// Writes one value per joint to the named register: one sync write when every model keeps
    /// it at the same address and size, else one write per motor.
    public func write(_ name: String, values: [Int]) throws {
        precondition(values.count == tables.count)
        let registers = try tables.enumerated().map { index, table -> Register in
            guard let register = table[name] else {
                throw ServoBusError.motorError(port: bus.portName, id: ids[index], names: ["\(robot.joints[index].model.name) has no register \(name)"])
            }
            return register
        }
        let items = zip(ids, zip(registers, zip(tables, values))).map { id, rest in
            let (register, (table, value)) = rest
            let range = register.representableRange
            return SyncWriteItem(id: id, data: table.encode(min(max(value, range.lowerBound), range.upperBound), for: register))
        }
        if Set(registers.map(\.address)).count == 1, Set(registers.map(\.size)).count == 1 {
            try bus.syncWrite(address: registers[0].address, items: items)
        } else {
            for (item, register) in zip(items, registers) {
                try bus.write(item.id, address: register.address, data: item.data)
            }
        }
    }

    /// Reads the named register of one joint.
    public func read(_ name: String, joint index: Int) throws -> Int {
        let table = tables[index]
        guard let register = table[name] else {
            throw ServoBusError.motorError(port: bus.portName, id: ids[index], names: ["\(table.model.name) has no register \(name)"])
        }
        let reply = try bus.read(ids[index], address: register.address, length: UInt16(register.size))
        return table.decode(reply.data, for: register)
    }

    /// Enables or disables torque on every motor (Feetech: also sets Lock to match, as LeRobot does).
    public func setTorque(_ enabled: Bool) throws {
        try write("Torque_Enable", values: Array(repeating: enabled ? 1 : 0, count: ids.count))
        if robot.protocolKind == .feetech {
            try write("Lock", values: Array(repeating: enabled ? 1 : 0, count: ids.count))
        }
    }

    /// Names of the faults a motor reports, empty when healthy.
    public func faults(of state: RawMotorState, joint index: Int) -> [String] {
        var names = describeStatusError(state.statusError & (robot.protocolKind == .dynamixel ? 0x7F : 0xFF),
                                        protocolKind: robot.protocolKind)
        if robot.protocolKind == .dynamixel, state.hardwareError != 0 {
            names += DynamixelHardwareError(rawValue: UInt8(truncatingIfNeeded: state.hardwareError)).names
        }
        return names
    }
}

extension RobotBus {
    /// Converts raw states to calibrated SI measurements.
    public func measurements(_ states: [RawMotorState], conversions: [JointConversion]) -> [JointMeasurement] {
        states.enumerated().map { index, state in
            let units = RegisterUnits(robot.joints[index].model)
            var m = JointMeasurement()
            m.positionRadians = conversions[index].radians(ticks: state.positionTicks)
            m.velocityRadiansPerSecond = conversions[index].sign * Double(state.velocity) * units.radiansPerSecondPerVelocityUnit
            m.loadFraction = conversions[index].sign * Double(state.load) * units.loadFractionPerUnit
            m.currentAmps = state.current.map { abs(Double($0)) * units.ampsPerCurrentUnit }
            m.temperatureCelsius = Double(state.temperatureCelsius)
            m.volts = Double(state.voltage) * units.voltsPerUnit
            m.faults = faults(of: state, joint: index)
            return m
        }
    }
}
