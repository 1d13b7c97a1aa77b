import ServoWire
import SteadyCore

/// A robot's motors on one bus: named registers, one sync read for the whole present state,
/// one sync write for all goals.
public final class RobotBus {
    public let robot: RobotDescription
    public let bus: ServoBus
    /// Control table per joint.
    public let tables: [ControlTable]
    /// Where the present state lies in the sync read, and how it decodes (shared with the tick's bus).
    public let presentLayout: PresentLayout
    /// The one address span that covers every Present_* register of every model on the bus.
    public var presentSpan: (address: UInt16, length: UInt16) {
        (UInt16(presentLayout.span.address), UInt16(presentLayout.span.length))
    }
    private let ids: [ServoID]
    private let present: PresentState

    public init(robot: RobotDescription, bus: ServoBus) {
        self.robot = robot
        self.bus = bus
        tables = robot.joints.map { ControlTable.for($0.model) }
        ids = robot.joints.map(\.id)
        presentLayout = PresentLayout(tables: tables)
        present = PresentState(jointCount: robot.joints.count)
    }

    /// Pings every motor and checks its model number against `robot.yaml`.
    /// - Throws: `ServoBusError.timeout` naming the silent motor, or `.wrongModel`.
    public func verifyMotors() throws {
        for joint in robot.joints {
            guard let number = try bus.ping(joint.id) else {
                throw ServoBusError.timeout(port: bus.portName, id: joint.id, instruction: "PING (joint \(joint.name))")
            }
            guard number == joint.model.modelNumber else {
                let found = MotorModel.withNumber(number, protocolKind: robot.protocolKind)?.name ?? "model number \(number)"
                throw ServoBusError.wrongModel(port: bus.portName, id: joint.id, joint: joint.name,
                                               expected: joint.model.name, found: found)
            }
        }
    }

    /// Reads every motor's present state in one sync read (plus Hardware_Error_Status of any
    /// Dynamixel motor whose status raised the alert bit).
    public func readPresent() throws -> [RawMotorState] {
        let replies = try bus.syncRead(address: presentSpan.address, length: presentSpan.length, ids: ids)
        for (joint, reply) in replies.enumerated() {
            reply.data.withUnsafeBufferPointer {
                presentLayout.decode($0.baseAddress!, statusError: reply.error, joint: joint, into: present)
            }
        }
        if robot.protocolKind == .dynamixel {
            for joint in 0..<present.jointCount where present.statusError[joint] & 0x80 != 0 {
                present.hardwareError[joint] = try read(.hardwareErrorStatus, joint: joint)
            }
        }
        return Array(present)
    }

    /// Writes one value per joint to the named register: one sync write when every model keeps
    /// it at the same address and size, else one write per motor.
    /// - Throws: `ServoBusError.valueOutOfRange` naming the joint when a value does not fit its
    ///   register (nothing is written then: a value is never clamped into a motor silently).
    public func write(_ name: RegisterName, values: [Int]) throws {
        precondition(values.count == tables.count)
        let registers = try tables.enumerated().map { index, table -> Register in
            guard let register = table[name] else {
                throw ServoBusError.motorError(port: bus.portName, id: ids[index], names: ["\(robot.joints[index].model.name) has no register \(name)"])
            }
            guard register.representableRange.contains(values[index]) else {
                throw ServoBusError.valueOutOfRange(port: bus.portName, id: ids[index], joint: robot.joints[index].name,
                                                    register: register.name, value: values[index], range: register.representableRange)
            }
            return register
        }
        let items = zip(ids, zip(registers, zip(tables, values))).map { id, rest in
            let (register, (table, value)) = rest
            return SyncWriteItem(id: id.rawValue, data: table.encode(value, for: register))
        }
        if Set(registers.map(\.address)).count == 1, Set(registers.map(\.size)).count == 1 {
            try bus.syncWrite(address: registers[0].address, items: items)
        } else {
            for (item, register) in zip(items, registers) {
                try bus.write(ServoID(item.id), address: register.address, data: item.data)
            }
        }
    }

    /// Reads the named register of one joint.
    public func read(_ name: RegisterName, joint index: Int) throws -> Int {
        let table = tables[index]
        guard let register = table[name] else {
            throw ServoBusError.motorError(port: bus.portName, id: ids[index], names: ["\(table.model.name) has no register \(name)"])
        }
        let reply = try bus.read(ids[index], address: register.address, length: UInt16(register.size))
        return table.decode(reply.data, for: register)
    }

    /// Enables or disables torque on every motor (Feetech: also sets Lock to match, as LeRobot does).
    public func setTorque(_ enabled: Bool) throws {
        try write(.torqueEnable, values: Array(repeating: enabled ? 1 : 0, count: ids.count))
        if robot.protocolKind == .feetech {
            try write(.lock, values: Array(repeating: enabled ? 1 : 0, count: ids.count))
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
    /// Converts raw states to calibrated SI measurements, faults named.
    public func measurements(_ states: [RawMotorState], conversions: [JointConversion]) -> [JointMeasurement] {
        states.enumerated().map { index, state in
            var m = state.measurement(PresentConversion(conversion: conversions[index], model: robot.joints[index].model))
            m.faults = faults(of: state, joint: index)
            return m
        }
    }
}
