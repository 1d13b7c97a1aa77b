import SteadyCore

/// A servo model's control table: its registers, their byte order and their factory defaults.
///
/// Names follow one shared vocabulary across vendors for the registers Steady uses
/// (`Goal_Position`, `Present_Position`, `Torque_Enable`, `Present_Voltage`, …); the rest keep
/// the vendor's names. A few vendor or LeRobot names are accepted as aliases, e.g.
/// `Present_Input_Voltage` for Dynamixel's `Present_Voltage` and `Position_P_Gain` for Feetech's
/// `P_Coefficient`.
public struct ControlTable: Sendable, Equatable {
    /// The motor model this table describes.
    public let model: MotorModel
    /// Every register, ordered by address.
    public let registers: [Register]
    /// Alternative names, each mapped to the name of a register in `registers`.
    public let aliases: [String: String]
    /// Byte order of multi-byte registers.
    public let endianness: FeetechEndianness
    /// The number of addressable bytes, from 0 up to the end of the highest register.
    public let memorySize: Int

    private let byName: [String: Int]

    /// Creates a table.
    ///
    /// - Precondition: register names are unique; every alias names a register.
    public init(model: MotorModel, registers: [Register], aliases: [String: String] = [:],
                endianness: FeetechEndianness = .little) {
        let sorted = registers.sorted { $0.address < $1.address }
        var byName: [String: Int] = [:]
        for (index, register) in sorted.enumerated() {
            precondition(byName.updateValue(index, forKey: register.name) == nil,
                         "\(model): register \(register.name) defined twice")
        }
        for (alias, target) in aliases {
            precondition(byName[target] != nil, "\(model): alias \(alias) names no register \(target)")
        }
        self.model = model
        self.registers = sorted
        self.aliases = aliases
        self.endianness = endianness
        self.memorySize = sorted.map(\.addresses.upperBound).max() ?? 0
        self.byName = byName
    }

    /// The register called `name` (or aliased so), if the model has it.
    public subscript(name: String) -> Register? {
        if let index = byName[name] { return registers[index] }
        if let target = aliases[name], let index = byName[target] { return registers[index] }
        return nil
    }

    /// The register called `name` (or aliased so), if the model has it.
    public subscript(name: RegisterName) -> Register? { self[name.rawValue] }

    /// The register whose bytes include `address`, if any.
    public func register(containing address: Int) -> Register? {
        registers.first { $0.addresses.contains(address) }
    }

    /// The bytes that store `value` in `register`, in this table's byte order (a wrapper over
    /// `RegisterCoding`).
    ///
    /// - Precondition: `register.representableRange` contains `value`; check it first for values
    ///   that come from outside the program.
    public func encode(_ value: Int, for register: Register) -> [UInt8] {
        precondition(register.representableRange.contains(value),
                     "\(model) \(register.name): \(value) outside \(register.representableRange)")
        let coding = RegisterCoding(register, in: self)
        return [UInt8](unsafeUninitializedCapacity: register.size) { out, count in
            coding.encode(value, into: out.baseAddress!)
            count = register.size
        }
    }

    /// The value stored in `bytes`, which hold exactly `register`'s bytes in this table's order
    /// (a wrapper over `RegisterCoding`).
    ///
    /// A sign-magnitude register with the sign bit set reads as minus the remaining bits (as the
    /// vendor SDKs do); a set sign bit with zero magnitude reads as 0.
    public func decode<C: Collection>(_ bytes: C, for register: Register) -> Int where C.Element == UInt8 {
        precondition(bytes.count == register.size,
                     "\(model) \(register.name): \(bytes.count) bytes for a \(register.size)-byte register")
        let coding = RegisterCoding(register, in: self)
        return bytes.withContiguousStorageIfAvailable { coding.decode($0.baseAddress!) }
            ?? Array(bytes).withUnsafeBufferPointer { coding.decode($0.baseAddress!) }
    }

    /// The whole memory as a servo leaves the factory: every register's `initialValue` at its
    /// address, zero elsewhere.
    public func factoryImage() -> [UInt8] {
        var memory = [UInt8](repeating: 0, count: memorySize)
        for register in registers {
            memory.replaceSubrange(register.addresses, with: encode(register.initialValue, for: register))
        }
        return memory
    }
}

extension ControlTable {
    /// The control table of a catalogue model.
    ///
    /// - Precondition: `model` is in `MotorModel.catalog`; use `lookup(_:)` for others.
    public static func `for`(_ model: MotorModel) -> ControlTable {
        guard let table = lookup(model) else { preconditionFailure("no control table for motor model \(model)") }
        return table
    }

    /// The control table of `model`, or `nil` if ServoWire does not know the model.
    public static func lookup(_ model: MotorModel) -> ControlTable? {
        switch model.name {
        case MotorModel.sts3215.name: return sts3215
        case MotorModel.xl430W250.name: return xl430W250
        case MotorModel.xl330M288.name: return xl330M288
        case MotorModel.xl330M077.name: return xl330M077
        case MotorModel.xc330M288.name: return xc330M288
        default: return nil
        }
    }
}
