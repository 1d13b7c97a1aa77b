import SteadyCore

/// X-series Dynamixel control tables (Robotis e-Manual, each model's "Control Table of EEPROM
/// Area" and "Control Table of RAM Area"). The models share one layout; XL430 reports
/// Present_Load where the X330 models have Current_Limit, Goal_Current, Present_Current and
/// PWM_Slope, and the X330 models have 20 indirect addresses instead of 56.
extension ControlTable {
    /// XL430-W250 (model number 1060).
    public static let xl430W250 = xSeries(.xl430W250, XSeriesDefaults(
        isX330: false, temperatureLimit: 72, maxVoltageLimit: 140, minVoltageLimit: 60,
        currentLimit: nil, velocityLimit: 265, shutdown: 52,
        velocityIGain: 1000, velocityPGain: 100, positionDGain: 4000, positionIGain: 0, positionPGain: 640))

    /// XL330-M288 (model number 1200).
    public static let xl330M288 = xSeries(.xl330M288, XSeriesDefaults(
        isX330: true, temperatureLimit: 70, maxVoltageLimit: 70, minVoltageLimit: 35,
        currentLimit: 1750, velocityLimit: 445, shutdown: 53,
        velocityIGain: 1600, velocityPGain: 180, positionDGain: 0, positionIGain: 0, positionPGain: 400))

    /// XL330-M077 (model number 1190).
    public static let xl330M077 = xSeries(.xl330M077, XSeriesDefaults(
        isX330: true, temperatureLimit: 70, maxVoltageLimit: 70, minVoltageLimit: 35,
        currentLimit: 1750, velocityLimit: 1620, shutdown: 53,
        velocityIGain: 400, velocityPGain: 40, positionDGain: 0, positionIGain: 400, positionPGain: 400))

    /// XC330-M288 (model number 1240).
    public static let xc330M288 = xSeries(.xc330M288, XSeriesDefaults(
        isX330: true, temperatureLimit: 70, maxVoltageLimit: 70, minVoltageLimit: 35,
        currentLimit: 2352, velocityLimit: 350, shutdown: 52,
        velocityIGain: 1600, velocityPGain: 50, positionDGain: 500, positionIGain: 0, positionPGain: 1100))

    /// The factory defaults that differ between X-series models.
    struct XSeriesDefaults {
        var isX330: Bool
        var temperatureLimit, maxVoltageLimit, minVoltageLimit: Int
        var currentLimit: Int?
        var velocityLimit, shutdown: Int
        var velocityIGain, velocityPGain, positionDGain, positionIGain, positionPGain: Int
    }

    /// The e-Manual gives no firmware version; 46 is new enough for Fast Sync Read on every
    /// model here (X430 from v45, X330 from v46).
    static let twinFirmwareVersion = 46
    /// PWM_Limit's factory default on all four models.
    static let xSeriesPWMLimit = 885

    static func xSeries(_ model: MotorModel, _ d: XSeriesDefaults) -> ControlTable {
        func eeprom(_ name: String, _ address: UInt16, _ size: Int, _ access: RegisterAccess = .readWrite,
                    _ encoding: ValueEncoding = .unsigned, _ initial: Int = 0) -> Register {
            Register(name: name, address: address, size: size, area: .eeprom, access: access,
                     encoding: encoding, initialValue: initial)
        }
        func ram(_ name: String, _ address: UInt16, _ size: Int, _ access: RegisterAccess = .readWrite,
                 _ encoding: ValueEncoding = .unsigned, _ initial: Int = 0) -> Register {
            Register(name: name, address: address, size: size, area: .ram, access: access,
                     encoding: encoding, initialValue: initial)
        }
        let signed = ValueEncoding.twosComplement
        var registers: [Register] = [
            eeprom("Model_Number", 0, 2, .readOnly, .unsigned, Int(model.modelNumber)),
            eeprom("Model_Information", 2, 4, .readOnly),
            eeprom("Firmware_Version", 6, 1, .readOnly, .unsigned, twinFirmwareVersion),
            eeprom("ID", 7, 1, .readWrite, .unsigned, 1),
            eeprom("Baud_Rate", 8, 1, .readWrite, .unsigned, 1),
            eeprom("Return_Delay_Time", 9, 1, .readWrite, .unsigned, 250),
            eeprom("Drive_Mode", 10, 1),
            eeprom("Operating_Mode", 11, 1, .readWrite, .unsigned, 3),
            eeprom("Secondary_ID", 12, 1, .readWrite, .unsigned, 255),
            eeprom("Protocol_Type", 13, 1, .readWrite, .unsigned, 2),
            eeprom("Homing_Offset", 20, 4, .readWrite, signed),
            eeprom("Moving_Threshold", 24, 4, .readWrite, .unsigned, 10),
            eeprom("Temperature_Limit", 31, 1, .readWrite, .unsigned, d.temperatureLimit),
            eeprom("Max_Voltage_Limit", 32, 2, .readWrite, .unsigned, d.maxVoltageLimit),
            eeprom("Min_Voltage_Limit", 34, 2, .readWrite, .unsigned, d.minVoltageLimit),
            eeprom("PWM_Limit", 36, 2, .readWrite, .unsigned, xSeriesPWMLimit),
            eeprom("Velocity_Limit", 44, 4, .readWrite, .unsigned, d.velocityLimit),
            eeprom("Max_Position_Limit", 48, 4, .readWrite, .unsigned, 4095),
            eeprom("Min_Position_Limit", 52, 4, .readWrite, .unsigned, 0),
            eeprom("Startup_Configuration", 60, 1),
            eeprom("Shutdown", 63, 1, .readWrite, .unsigned, d.shutdown),

            ram("Torque_Enable", 64, 1),
            ram("LED", 65, 1),
            ram("Status_Return_Level", 68, 1, .readWrite, .unsigned, 2),
            ram("Registered_Instruction", 69, 1, .readOnly),
            ram("Hardware_Error_Status", 70, 1, .readOnly),
            ram("Velocity_I_Gain", 76, 2, .readWrite, .unsigned, d.velocityIGain),
            ram("Velocity_P_Gain", 78, 2, .readWrite, .unsigned, d.velocityPGain),
            ram("Position_D_Gain", 80, 2, .readWrite, .unsigned, d.positionDGain),
            ram("Position_I_Gain", 82, 2, .readWrite, .unsigned, d.positionIGain),
            ram("Position_P_Gain", 84, 2, .readWrite, .unsigned, d.positionPGain),
            ram("Feedforward_2nd_Gain", 88, 2),
            ram("Feedforward_1st_Gain", 90, 2),
            ram("Bus_Watchdog", 98, 1),
            // Goal PWM limits the PWM in every mode but PWM control and starts at PWM_Limit
            // (e-Manual, Goal PWM(100)).
            ram("Goal_PWM", 100, 2, .readWrite, signed, xSeriesPWMLimit),
            ram("Goal_Velocity", 104, 4, .readWrite, signed),
            ram("Profile_Acceleration", 108, 4),
            ram("Profile_Velocity", 112, 4),
            ram("Goal_Position", 116, 4, .readWrite, signed),
            ram("Realtime_Tick", 120, 2, .readOnly),
            ram("Moving", 122, 1, .readOnly),
            ram("Moving_Status", 123, 1, .readOnly),
            ram("Present_PWM", 124, 2, .readOnly, signed),
            ram("Present_Velocity", 128, 4, .readOnly, signed),
            ram("Present_Position", 132, 4, .readOnly, signed),
            ram("Velocity_Trajectory", 136, 4, .readOnly, signed),
            ram("Position_Trajectory", 140, 4, .readOnly, signed),
            ram("Present_Voltage", 144, 2, .readOnly),
            ram("Present_Temperature", 146, 1, .readOnly),
            ram("Backup_Ready", 147, 1, .readOnly),
        ]
        if let currentLimit = d.currentLimit {
            registers += [
                eeprom("Current_Limit", 38, 2, .readWrite, .unsigned, currentLimit),
                eeprom("PWM_Slope", 62, 1, .readWrite, .unsigned, 140),
                ram("Goal_Current", 102, 2, .readWrite, signed, currentLimit),
                ram("Present_Current", 126, 2, .readOnly, signed),
            ]
        } else {
            registers.append(ram("Present_Load", 126, 2, .readOnly, signed))
        }
        registers += indirectRegisters(isX330: d.isX330)
        return ControlTable(model: model, registers: registers,
                            aliases: ["Present_Input_Voltage": "Present_Voltage", "Secondary(Shadow)_ID": "Secondary_ID"])
    }

    /// Indirect_Address_n (2 bytes, initially the address of Indirect_Data_n) and Indirect_Data_n.
    private static func indirectRegisters(isX330: Bool) -> [Register] {
        // (first n, count, address of Indirect_Address_first, address of Indirect_Data_first)
        let blocks: [(Int, Int, Int, Int)] = isX330 ? [(1, 20, 168, 208)] : [(1, 28, 168, 224), (29, 28, 578, 634)]
        var out: [Register] = []
        for (first, count, addressBase, dataBase) in blocks {
            for offset in 0..<count {
                let n = first + offset
                let dataAddress = dataBase + offset
                out.append(Register(name: "Indirect_Address_\(n)", address: UInt16(addressBase + 2 * offset), size: 2,
                                    area: .ram, access: .readWrite, initialValue: dataAddress))
                out.append(Register(name: "Indirect_Data_\(n)", address: UInt16(dataAddress), size: 1,
                                    area: .ram, access: .readWrite))
            }
        }
        return out
    }
}
