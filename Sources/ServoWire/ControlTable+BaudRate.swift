import SteadyCore

/// The codes of the `Baud_Rate` register.
extension ControlTable {
    /// The baud rate of each `Baud_Rate` code, code 0 first.
    ///
    /// - Feetech SMS/STS (Feetech's `SMS_STS.h`): 0 = 1 M, 1 = 500 k, 2 = 250 k, 3 = 128 k,
    ///   4 = 115,200, 5 = 76,800, 6 = 57,600, 7 = 38,400. (LeRobot's table has 57,600 at 5 and
    ///   38,400 at 6; codes 0–4, the ones in use, agree.)
    /// - Dynamixel X (e-Manual, Baud Rate(8)): 0 = 9,600, 1 = 57,600 (factory), 2 = 115,200,
    ///   3 = 1 M, 4 = 2 M, 5 = 3 M, 6 = 4 M; X430 models also 7 = 4.5 M.
    public var baudRates: [Int] {
        switch model.protocolKind {
        case .feetech:
            return [1_000_000, 500_000, 250_000, 128_000, 115_200, 76_800, 57_600, 38_400]
        case .dynamixel:
            let x330 = [9_600, 57_600, 115_200, 1_000_000, 2_000_000, 3_000_000, 4_000_000]
            return model == .xl430W250 ? x330 + [4_500_000] : x330
        }
    }

    /// The `Baud_Rate` code of `baudRate`, nil when the model cannot run at it.
    public func baudRateCode(for baudRate: Int) -> Int? { baudRates.firstIndex(of: baudRate) }

    /// The baud rate of `Baud_Rate` code `code`, nil for a code the model does not have.
    public func baudRate(code: Int) -> Int? { baudRates.indices.contains(code) ? baudRates[code] : nil }
}
