#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions and labels for an axis.
enum Ticks {
    /// Tick values on a 1-2-5 step covering `low…high` with about `target` intervals, and the
    /// step (for choosing how many decimals the labels need).
    static func nice(low: Double, high: Double, target: Int = 6) -> (values: [Double], step: Double) {
        guard high > low, low.isFinite, high.isFinite else { return ([low], 1) }
        let rough = (high - low) / Double(max(1, target))
        let magnitude = pow(10, floor(log10(rough)))
        let fraction = rough / magnitude
        let unit: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        let step = unit * magnitude
        var values = [Double]()
        var index = (low / step).rounded(.up)
        while index * step <= high + step * 1e-9 {
            values.append(index * step == 0 ? 0 : index * step)   // no "-0"
            index += 1
        }
        return (values, step)
    }

    /// A range widened to whole multiples of a nice step, so the axis ends on ticks.
    static func niceBounds(low: Double, high: Double, target: Int = 6) -> (Double, Double) {
        let step = nice(low: low, high: high, target: target).step
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    /// Powers of two between `low` and `high` (log2 axis), thinned to at most ~10 labels.
    static func powersOfTwo(low: Double, high: Double) -> [Double] {
        let first = Int(log2(low).rounded(.up)), last = Int(log2(high).rounded(.down))
        guard first <= last else { return [] }
        let stride = max(1, (last - first + 9) / 10)
        return Swift.stride(from: first, through: last, by: stride).map { pow(2, Double($0)) }
    }

    /// The decimals a label needs so that ticks `step` apart (a 1-2-2.5-5 multiple of a power
    /// of ten) read differently.
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        let exponent = Int(floor(log10(step) + 1e-9))
        let leading = step / pow(10, Double(exponent))
        let fractional = abs(leading - leading.rounded()) > 1e-6 ? 1 : 0
        return max(0, -exponent + fractional)
    }

    /// `value` with exactly `decimals` digits after the point (no Foundation formatter needed).
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if abs(value) >= 1e9 { return formatScientific(value) }
        let factor = pow(10, Double(decimals))
        let scaled = Int((abs(value) * factor).rounded())
        let negative = value < 0 && scaled != 0
        var digits = String(scaled)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }

    /// A short label for a value with no known step: up to three significant decimals.
    static func format(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return format(value, decimals: 0) }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 { return formatScientific(value) }
        let decimals = max(0, min(6, 2 - Int(floor(log10(magnitude)))))
        var text = format(value, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func formatScientific(_ value: Double) -> String {
        let exponent = Int(floor(log10(abs(value))))
        let mantissa = value / pow(10, Double(exponent))
        return format(mantissa, decimals: 2) + "e" + String(exponent)
    }
}
