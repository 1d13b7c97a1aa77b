import ServoWire
import SteadyCore

/// One simulated servo's firmware: its control-table memory and the rules real motors apply.
///
/// Rules modelled (from the vendors' manuals):
/// - Dynamixel: writing a read-only register, or an EEPROM register while torque is on, fails with
///   the Access Error (7) and changes nothing; a goal outside Min/Max_Position_Limit fails with
///   the Data Limit Error (6); overheating sets Hardware_Error_Status bit 2, the alert bit of
///   every status, and drops torque until reboot.
/// - Feetech: EEPROM writes take effect whatever Lock says; Lock = 1 (its power-up value) only
///   means they are not kept at power-off. Goals are clamped to the angle limits; overheating
///   sets the overheat status bit and drops torque.
/// - What survives a power cycle (`powerOnImage`, what `steady twin --state` saves): Dynamixel's
///   whole EEPROM area (writable only with torque off); Feetech's EEPROM as written while Lock
///   was 0.
/// - `Baud_Rate` holds the code of the baud the twin serves; a motor whose code is changed
///   answers its status, then listens at the new baud only, so it no longer answers the twin's
///   port (`listens`), as a real motor goes quiet for a host at the old baud.
/// - Plant angle 0 is the raw half turn (2047 of 4096) before homing.
/// - Homing offset: Dynamixel reports actual + offset; Feetech reports actual − offset (wrapped
///   to one turn, as STS servos do).
public final class ServoFirmware {
    public let model: MotorModel
    public let table: ControlTable
    /// The raw memory image, addressed as on the motor.
    public private(set) var memory: [UInt8]
    /// The memory a power cycle brings back: factory RAM, and the EEPROM as last kept.
    public private(set) var powerOnImage: [UInt8]
    /// Counts changes of `powerOnImage`'s EEPROM (so a state file is saved only when it changed).
    public private(set) var persistentRevision = 0
    /// The `Baud_Rate` code of the baud the twin serves (nil: the model has no code for it).
    public let servedBaudCode: Int?
    /// A REG_WRITE waiting for ACTION.
    var pendingWrite: (address: Int, data: [UInt8])?
    /// Latched hardware fault (overheat) until reboot.
    private(set) var overheated = false
    /// The plant's last reading, so Present_* registers can be recomputed after a write
    /// (a new Homing_Offset shows at once, as on the real motor).
    private var lastReading: ServoReading?

    /// A factory-fresh motor set up as a robot's bus needs it: its `id`, and the `Baud_Rate`
    /// code of `baudRate` (the baud the twin serves), both kept at power-off.
    public init(model: MotorModel, id: UInt8, baudRate: Int) {
        self.model = model
        table = ControlTable.for(model)
        memory = table.factoryImage()
        powerOnImage = memory
        servedBaudCode = table.baudRateCode(for: baudRate)
        if let register = table[.id] { setPowerOnValue(register, Int(id)) }
        if let register = table[.baudRate], let code = servedBaudCode { setPowerOnValue(register, code) }
        // A fresh motor powers up with its goal where it stands.
        set(.goalPosition, value(.presentPosition) ?? model.halfTurnTicks)
    }

    // MARK: Registers by name

    /// The value of a register, if the model has it.
    public func value(_ name: RegisterName) -> Int? {
        guard let register = table[name] else { return nil }
        return table.decode(memory[register.addresses], for: register)
    }

    /// The value of a register named by a string (a name from a table or a list), if the model has it.
    public func value(_ name: String) -> Int? { value(RegisterName(rawValue: name)) }

    /// Stores a value (clamped to what the register can represent); no access checks.
    public func set(_ name: RegisterName, _ value: Int) {
        guard let register = table[name] else { return }
        let range = register.representableRange
        memory.replaceSubrange(register.addresses, with: table.encode(min(max(value, range.lowerBound), range.upperBound), for: register))
    }

    /// Stores `value` in `register` both now and in `powerOnImage`, with no access checks: the
    /// motor's setup, or its EEPROM restored from a state file.
    /// - Precondition: `register.representableRange` contains `value`.
    public func setPowerOnValue(_ register: Register, _ value: Int) {
        let bytes = table.encode(value, for: register)
        memory.replaceSubrange(register.addresses, with: bytes)
        powerOnImage.replaceSubrange(register.addresses, with: bytes)
    }

    public var id: UInt8 { UInt8(value(.id) ?? 0) }
    /// Whether Operating_Mode is position control (Dynamixel 3, Feetech 0: their factory values),
    /// the mode in which goals are held to the position limits.
    public var inPositionMode: Bool { value(.operatingMode) == (isDynamixel ? 3 : 0) }
    /// Whether the motor listens at the baud the twin serves (its `Baud_Rate` code is that baud's).
    public var listens: Bool { servedBaudCode == nil || value(.baudRate) == servedBaudCode }
    public var torqueEnabled: Bool { (value(.torqueEnable) ?? 0) != 0 }
    private var isDynamixel: Bool { model.protocolKind == .dynamixel }

    // MARK: Instructions

    /// Reads `length` bytes at `address`, or returns the Dynamixel error number for a bad range.
    public func read(address: Int, length: Int) -> Result<[UInt8], FirmwareError> {
        guard length > 0, address >= 0, address + length <= memory.count else { return .failure(.dataLength) }
        return .success(Array(memory[address..<(address + length)]))
    }

    /// Writes bytes with the motor's access rules. Returns nil on success.
    @discardableResult
    public func write(address: Int, data: [UInt8]) -> FirmwareError? {
        guard !data.isEmpty, address >= 0, address + data.count <= memory.count else { return .dataLength }
        let span = address..<(address + data.count)
        let touched = table.registers.filter { $0.addresses.overlaps(span) }
        if touched.contains(where: { $0.access == .readOnly }) { return isDynamixel ? .access : nil }
        let eeprom = touched.filter { $0.area == .eeprom }
        if !eeprom.isEmpty, isDynamixel, torqueEnabled { return .access }
        let kept = isDynamixel || (value(.lock) ?? 0) == 0
        var candidate = memory
        candidate.replaceSubrange(span, with: data)
        if let goal = table[.goalPosition], goal.addresses.overlaps(span) {
            let requested = table.decode(candidate[goal.addresses], for: goal)
            let lower = value(.minPositionLimit) ?? Int.min, upper = value(.maxPositionLimit) ?? Int.max
            if lower < upper, !(lower...upper).contains(requested), inPositionMode {
                if isDynamixel { return .dataLimit }
                candidate.replaceSubrange(goal.addresses, with: table.encode(min(max(requested, lower), upper), for: goal))
            }
        }
        if let torque = table[.torqueEnable], torque.addresses.overlaps(span), overheated,
           candidate[Int(torque.address)] != 0 {
            return isDynamixel ? .access : nil   // a latched fault keeps torque off until reboot
        }
        memory = candidate
        if kept { keep(eeprom) }
        if let lastReading { update(from: lastReading) }
        return nil
    }

    /// Copies `registers` from memory into `powerOnImage`, counting a change.
    private func keep(_ registers: [Register]) {
        var changed = false
        for register in registers where powerOnImage[register.addresses] != memory[register.addresses] {
            powerOnImage.replaceSubrange(register.addresses, with: memory[register.addresses])
            changed = true
        }
        if changed { persistentRevision += 1 }
    }

    /// Power cycle: `powerOnImage` again (RAM at factory values, EEPROM as kept: on Feetech,
    /// writes made while Lock was 1 are gone), faults cleared, the goal where the motor stands.
    public func reboot() {
        memory = powerOnImage
        overheated = false
        if let lastReading { update(from: lastReading) }
        set(.goalPosition, value(.presentPosition) ?? model.halfTurnTicks)
    }

    /// Whether the motor answers an instruction, per its status return level register.
    /// Dynamixel Status_Return_Level: 0 = PING only, 1 = PING and READ, 2 = all (factory 2).
    /// Feetech Response_Status_Level: 0 = READ and PING only, 1 = all (factory 1).
    public func answers(isPing: Bool, isRead: Bool) -> Bool {
        if isPing { return true }
        let level = value(.statusReturnLevel) ?? (isDynamixel ? 2 : 1)
        if isDynamixel { return level >= 2 || (level == 1 && isRead) }
        return level >= 1 || isRead
    }

    /// The error byte of this motor's status packets.
    public var statusErrorByte: UInt8 {
        if isDynamixel { return overheated ? 0x80 : 0 }
        return overheated ? 0x04 : 0
    }

    /// The error byte for a failed instruction (Dynamixel's error number; Feetech has none).
    public func statusErrorByte(for error: FirmwareError?) -> UInt8 {
        guard let error, isDynamixel else { return statusErrorByte }
        return statusErrorByte | error.rawValue
    }

    // MARK: Physics link

    private var units: RegisterUnits { RegisterUnits(model) }
    private var ticksPerRadian: Double { Double(model.ticksPerRevolution) / (2 * .pi) }
    private var homingSign: Int { isDynamixel ? 1 : -1 }

    /// What the registers ask of the plant.
    public func drive() -> ServoDrive {
        let goal = value(.goalPosition) ?? model.halfTurnTicks
        let actualGoal = goal - homingSign * (value(.homingOffset) ?? 0)
        let gains = ServoGains(p: value(.positionPGain) ?? 32, i: value(.positionIGain) ?? 0,
                               d: value(.positionDGain) ?? 0)
        var velocityCap: Double?
        if isDynamixel, let profile = value(.profileVelocity), profile > 0 {
            velocityCap = Double(profile) * units.radiansPerSecondPerVelocityUnit
        } else if !isDynamixel, let speed = value(.goalVelocity), speed > 0 {
            velocityCap = Double(speed) / ticksPerRadian
        }
        var torqueLimit = 1.0
        if let limit = value(.torqueLimit) { torqueLimit = Double(limit) / 1000 }
        if isDynamixel, let limit = value(.currentLimit), let register = table[.currentLimit] {
            torqueLimit = Double(limit) / Double(max(register.initialValue, 1))
        }
        return ServoDrive(goalRadians: Double(actualGoal - model.halfTurnTicks) / ticksPerRadian,
                          torqueEnabled: torqueEnabled && !overheated, gains: gains,
                          velocityLimitRadiansPerSecond: velocityCap, torqueLimitFraction: min(max(torqueLimit, 0), 1))
    }

    /// Writes the plant's state into the Present_* registers and applies thermal protection.
    public func update(from reading: ServoReading) {
        lastReading = reading
        let actual = Int((reading.positionRadians * ticksPerRadian).rounded()) + model.halfTurnTicks
        var present = actual + homingSign * (value(.homingOffset) ?? 0)
        if !isDynamixel {
            present = ((present % model.ticksPerRevolution) + model.ticksPerRevolution) % model.ticksPerRevolution
        }
        set(.presentPosition, present)
        set(.presentVelocity, Int((reading.velocityRadiansPerSecond / units.radiansPerSecondPerVelocityUnit).rounded()))
        set(.presentLoad, Int((reading.loadFraction / units.loadFractionPerUnit).rounded()))
        set(.presentCurrent, Int((reading.currentAmps / units.ampsPerCurrentUnit).rounded()))
        set(.presentTemperature, Int(reading.temperatureCelsius.rounded()))
        set(.presentVoltage, Int((reading.volts / units.voltsPerUnit).rounded()))
        set("Moving", abs(reading.velocityRadiansPerSecond) > 0.02 ? 1 : 0)
        let limit = value(.temperatureLimit) ?? 70
        if reading.temperatureCelsius > Double(limit), !overheated {
            overheated = true
            set(.torqueEnable, 0)
            if isDynamixel { set(.hardwareErrorStatus, (value(.hardwareErrorStatus) ?? 0) | 0x04) }
        }
    }
}

/// Why an instruction failed, as Dynamixel's status error numbers.
public enum FirmwareError: UInt8, Error, Sendable {
    case resultFail = 1, instruction = 2, crc = 3, dataRange = 4, dataLength = 5, dataLimit = 6, access = 7
}
