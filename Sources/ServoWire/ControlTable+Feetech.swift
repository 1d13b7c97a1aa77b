import SteadyCore

/// The Feetech STS3215 memory table (little-endian), from Feetech's STS memory table as
/// transcribed by `scservo_sdk` (`SMS_STS_*` addresses) and LeRobot's
/// `lerobot/motors/feetech/tables.py` (names and sizes). Factory defaults are the memory
/// table's initial values where it gives them, otherwise values read from factory-fresh
/// STS3215s (7.4 V version).
extension ControlTable {
    /// Feetech STS3215 (model number 777).
    public static let sts3215: ControlTable = {
        func eeprom(_ name: String, _ address: UInt16, _ size: Int, _ initial: Int = 0,
                    _ access: RegisterAccess = .readWrite, _ encoding: ValueEncoding = .unsigned) -> Register {
            Register(name: name, address: address, size: size, area: .eeprom, access: access,
                     encoding: encoding, initialValue: initial)
        }
        func ram(_ name: String, _ address: UInt16, _ size: Int, _ initial: Int = 0,
                 _ access: RegisterAccess = .readWrite, _ encoding: ValueEncoding = .unsigned) -> Register {
            Register(name: name, address: address, size: size, area: .ram, access: access,
                     encoding: encoding, initialValue: initial)
        }
        let bit15 = ValueEncoding.signMagnitude(signBit: 15)
        let registers: [Register] = [
            // Version information (read-only).
            eeprom("Firmware_Major_Version", 0, 1, 3, .readOnly),
            eeprom("Firmware_Minor_Version", 1, 1, 6, .readOnly),
            eeprom("Model_Number", 3, 2, Int(MotorModel.sts3215.modelNumber), .readOnly),
            // EPROM configuration.
            eeprom("ID", 5, 1, 1),
            eeprom("Baud_Rate", 6, 1, 0),
            eeprom("Return_Delay_Time", 7, 1, 250),   // 500 µs, as LeRobot documents the factory value
            eeprom("Response_Status_Level", 8, 1, 1),
            eeprom("Min_Position_Limit", 9, 2, 0),
            eeprom("Max_Position_Limit", 11, 2, 4095),
            eeprom("Temperature_Limit", 13, 1, 70),
            eeprom("Max_Voltage_Limit", 14, 1, 80),
            eeprom("Min_Voltage_Limit", 15, 1, 40),
            eeprom("Max_Torque_Limit", 16, 2, 1000),
            eeprom("Phase", 18, 1, 12),
            eeprom("Unloading_Condition", 19, 1, 44),
            eeprom("LED_Alarm_Condition", 20, 1, 47),
            eeprom("P_Coefficient", 21, 1, 32),
            eeprom("D_Coefficient", 22, 1, 32),
            eeprom("I_Coefficient", 23, 1, 0),
            eeprom("Minimum_Startup_Force", 24, 2, 16),
            eeprom("CW_Dead_Zone", 26, 1, 1),
            eeprom("CCW_Dead_Zone", 27, 1, 1),
            eeprom("Protection_Current", 28, 2, 500),
            eeprom("Angular_Resolution", 30, 1, 1),
            eeprom("Homing_Offset", 31, 2, 0, .readWrite, .signMagnitude(signBit: 11)),
            eeprom("Operating_Mode", 33, 1, 0),
            eeprom("Protective_Torque", 34, 1, 20),
            eeprom("Protection_Time", 35, 1, 200),
            eeprom("Overload_Torque", 36, 1, 80),
            eeprom("Velocity_closed_loop_P_proportional_coefficient", 37, 1, 10),
            eeprom("Over_Current_Protection_Time", 38, 1, 200),
            eeprom("Velocity_closed_loop_I_integral_coefficient", 39, 1, 200),
            // SRAM control.
            ram("Torque_Enable", 40, 1, 0),
            ram("Acceleration", 41, 1, 0),
            ram("Goal_Position", 42, 2, 0, .readWrite, bit15),
            ram("Goal_Time", 44, 2, 0),
            ram("Goal_Velocity", 46, 2, 0, .readWrite, bit15),
            ram("Torque_Limit", 48, 2, 1000),
            ram("Lock", 55, 1, 1),
            // SRAM feedback.
            ram("Present_Position", 56, 2, 0, .readOnly, bit15),
            ram("Present_Velocity", 58, 2, 0, .readOnly, bit15),
            ram("Present_Load", 60, 2, 0, .readOnly, .signMagnitude(signBit: 10)),
            ram("Present_Voltage", 62, 1, 0, .readOnly),
            ram("Present_Temperature", 63, 1, 0, .readOnly),
            ram("Async_Write_Flag", 64, 1, 0, .readOnly),
            ram("Status", 65, 1, 0, .readOnly),
            ram("Moving", 66, 1, 0, .readOnly),
            ram("Present_Current", 69, 2, 0, .readOnly),
            // Factory parameters: LeRobot writes Maximum_Acceleration, so they stay writable.
            // Their factory values are not published; 0 stands in.
            eeprom("Moving_Velocity_Threshold", 80, 1),
            eeprom("DTs", 81, 1),
            eeprom("Velocity_Unit_factor", 82, 1),
            eeprom("Hts", 83, 1),
            eeprom("Maximum_Velocity_Limit", 84, 1),
            eeprom("Maximum_Acceleration", 85, 1),
            eeprom("Acceleration_Multiplier", 86, 1),
        ]
        let aliases = [
            "Position_P_Gain": "P_Coefficient", "Position_I_Gain": "I_Coefficient", "Position_D_Gain": "D_Coefficient",
            "Goal_Speed": "Goal_Velocity", "Present_Speed": "Present_Velocity",
            "Min_Angle_Limit": "Min_Position_Limit", "Max_Angle_Limit": "Max_Position_Limit",
            "Max_Temperature_Limit": "Temperature_Limit", "Offset": "Homing_Offset", "Mode": "Operating_Mode",
            "Status_Return_Level": "Response_Status_Level", "Moving_Velocity": "Moving_Velocity_Threshold",
        ]
        return ControlTable(model: .sts3215, registers: registers, aliases: aliases, endianness: .little)
    }()
}
